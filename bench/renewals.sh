#!/usr/bin/env bash
# Renewal throughput with Toss in its own process: PostgreSQL (the default run's durable settings),
# the Toss sandbox (a standalone JVM, 300 ms on every charge) and the server (its boot jar, default
# settings) each in their own processes; N subscriptions due at once, renewed by the server's own
# renewal worker. A row at the defaults on fresh JVMs, one on the same JVMs billing again (warm: the
# JIT has compiled the billing code, as in a server that has been up), one tuned row; the PostgreSQL
# ceiling of the same run, CPU per renewal of each process, peak RSS, 0 duplicates. Method and
# results: docs/benchmarks.md.
#
#   bench/renewals.sh                                  # N=100000, 300 ms, defaults, defaults
#                                                      # warm, 1000/400
#   N=1000000 bench/renewals.sh                        # a million (docs/benchmarks.md: time, disk)
#   N=5000 RUNS=1 bench/renewals.sh                    # runs: nodes[:maxInFlight/batchSize][w],...
#                                                      # (w: on the previous run's JVMs)
#   SERVER_JVM_OPTIONS="-Xmx512m" bench/renewals.sh    # JVM options of every server node
#
#   MOUNTED=true bench/renewals.sh                     # the earlier harness: sandbox mounted in the
#                                                      # server's JVM (RenewalBenchmark, N=20000)
if [ "${MOUNTED:-false}" != true ]; then
  set -euo pipefail
  # shellcheck source=processes.sh
  . "$(dirname "${BASH_SOURCE[0]}")/processes.sh"
  bench_processes \
    -Dtossbill.bench.subscriptions="${N:-100000}" \
    -Dtossbill.bench.latency-ms="${LATENCY_MS:-300}" \
    -Dtossbill.bench.runs="${RUNS:-1,1w,1:1000/400}" \
    -Dtossbill.bench.ceiling="${CEILING:-true}"
  exit 0
fi

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
