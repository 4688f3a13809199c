#!/usr/bin/env bash
# Renewal throughput of the server at its default settings: N subscriptions due at once, renewed by
# the server's own renewal worker through the real gateway and Toss client, over HTTP to the Toss
# sandbox mounted in the server with a fixed latency, on the default run's durable PostgreSQL. The
# same run measures the PostgreSQL ceiling. Method and results: docs/benchmarks.md.
#
#   bench/renewals.sh                      # N=20000, 300 ms, the defaults
#   N=5000 LATENCY_MS=300 SETTINGS=default,1000/400 bench/renewals.sh
#
# Prints the report, then as its last line:
#   renewals/s=<n> ceiling/s=<n> n=<n> duplicates=<n>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

N="${N:-20000}"
LATENCY_MS="${LATENCY_MS:-300}"
SETTINGS="${SETTINGS:-default}"
ZERO_LATENCY="${ZERO_LATENCY:-false}"

# A JDK 25 beside the default java (./mvnw finds it the same way).
# shellcheck source=../.mvn/jdk.sh
. .mvn/jdk.sh

# Builds what it needs (toss-sandbox, toss-client, the server and its tests), then runs the harness
# alone: it is a JUnit class tagged "benchmark", which the normal build excludes.
mkdir -p server/target/benchmarks
log=server/target/benchmarks/renewals-run.log
./mvnw -q -pl server -am verify \
  -Dspotless.check.skip=true \
  -Dgroups=benchmark -Dsurefire.excludedGroups= \
  -Dtest=RenewalBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtossbill.bench.subscriptions="$N" \
  -Dtossbill.bench.latency-ms="$LATENCY_MS" \
  -Dtossbill.bench.settings="$SETTINGS" \
  -Dtossbill.bench.zero-latency="$ZERO_LATENCY" \
  > "$log" 2>&1 || { tail -n 60 "$log" >&2; exit 1; }

cat server/target/benchmarks/renewal-benchmark.md
tail -n 1 server/target/benchmarks/renewals-summary.txt
