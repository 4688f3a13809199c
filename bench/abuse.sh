#!/usr/bin/env bash
# Abuse and access: every route and form fed hostile input, the authorization matrix, and a scan of
# logs, pages, mails and a dump of every table for secrets after a lifecycle. Method and results:
# docs/security.md ("Abuse and access"); the matrix: docs/authorization-matrix.md.
#
#   bench/abuse.sh              # every hostile value (the build sends a representative set)
#   FULL=false bench/abuse.sh   # the build's set
#
# Runs the tests below alone, with the server in its test contexts (embedded PostgreSQL, the
# mounted Toss sandbox, a real SMTP server), then prints their figures; exits non-zero when any
# fails (a 5xx, a state change after a refusal, a cell off the policy, a secret found).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FULL="${FULL:-true}"

# A JDK 25 beside the default java (./mvnw finds it the same way).
# shellcheck source=../.mvn/jdk.sh
. .mvn/jdk.sh

tests='BadInputSweepIntegrationTests,FormSweepIntegrationTests,AuthorizationMatrixIntegrationTests,SecretsNowhereIntegrationTests,SecretsNeverLoggedIntegrationTests'
mkdir -p server/target/benchmarks
rm -rf server/target/abuse
log=server/target/benchmarks/abuse-run.log
status=0
./mvnw -q -pl server -am verify \
  -Dspotless.check.skip=true \
  -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtossbill.abuse.full="$FULL" \
  > "$log" 2>&1 || status=$?

echo "== hostile input (full=$FULL)"
cat server/target/abuse/api-sweep.txt server/target/abuse/form-sweep.txt 2>/dev/null || true
echo "== authorization matrix (docs/authorization-matrix.md)"
cat server/target/abuse/matrix.txt 2>/dev/null || true
echo "== secrets after a lifecycle"
cat server/target/abuse/secrets.txt 2>/dev/null || true
grep -h 'Tests run:' server/target/surefire-reports/*.txt | sed 's/^/   /' || true

# the totals: every request of both sweeps and the matrix
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] } }
  END {
    printf "requests=%d 4xx=%d 5xx=%d state-changes-after-refusal=%d\n",
      v["requests"], v["4xx"], v["5xx"], v["state-changes-after-refusal"]
  }' server/target/abuse/api-sweep.txt server/target/abuse/form-sweep.txt \
  server/target/abuse/matrix.txt 2>/dev/null || true

if [ "$status" -ne 0 ]; then
  grep -E '^\[ERROR\]' "$log" | head -n 40 >&2
  exit "$status"
fi
