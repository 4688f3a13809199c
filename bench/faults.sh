#!/usr/bin/env bash
# Fault trials: billing runs on two server nodes (each its own JVM) over one PostgreSQL, with the
# Toss sandbox's timeout-after-charge and 500 faults at 5 %, and in each trial one more fault at a
# random moment: a node killed with SIGKILL and started again, PostgreSQL stopped and started again,
# Toss's webhooks duplicated, delayed, reordered and dropped, or the merchant's receiver of tossbill's
# own webhooks failing, timing out and answering slowly. After each trial: every due period charged
# exactly once (server ledger == sandbox ledger), nothing left unknown, no mail and no outgoing
# webhook lost or sent twice. Method and results: docs/reliability.md.
#
#   bench/faults.sh                                   # 200 subscribers, 20 kills, 3 + 3 + 3 trials
#   SUBSCRIBERS=50 KILLS=3 POSTGRES=1 WEBHOOKS=1 HOOKS=1 SEED=7 bench/faults.sh
#
# Prints the table, then as its last line:
#   trials=<n> failed=<n> charged=<n> duplicates=<n> unknown-left=<n> ... outgoing-webhooks-twice=<n>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUBSCRIBERS="${SUBSCRIBERS:-200}"
KILLS="${KILLS:-20}"
POSTGRES="${POSTGRES:-3}"
WEBHOOKS="${WEBHOOKS:-3}"
HOOKS="${HOOKS:-3}"
SEED="${SEED:-1}"

# A JDK 25 beside the default java (./mvnw finds it the same way).
# shellcheck source=../.mvn/jdk.sh
. .mvn/jdk.sh

# Builds what it needs (toss-sandbox, toss-client, the server and its tests), then runs the harness
# alone: it is a JUnit class tagged "faults", which the normal build excludes.
mkdir -p server/target/faults
rm -f server/target/faults/faults-summary.txt server/target/faults/faults-report.md
log=server/target/faults/faults-run.log
status=0
./mvnw -q -pl server -am verify \
  -Dspotless.check.skip=true \
  -Dgroups=faults -Dsurefire.excludedGroups= \
  -Dtest=FaultBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtossbill.faults.subscribers="$SUBSCRIBERS" \
  -Dtossbill.faults.kills="$KILLS" \
  -Dtossbill.faults.postgres-restarts="$POSTGRES" \
  -Dtossbill.faults.webhook-trials="$WEBHOOKS" \
  -Dtossbill.faults.outgoing-webhook-trials="$HOOKS" \
  -Dtossbill.faults.seed="$SEED" \
  > "$log" 2>&1 || status=$?

if [ ! -f server/target/faults/faults-summary.txt ]; then
  tail -n 60 "$log" >&2
  exit 1
fi
cat server/target/faults/faults-report.md
tail -n 1 server/target/faults/faults-summary.txt
exit "$status"
