#!/usr/bin/env bash
# Scale-out: the same renewal run with 1, 2 and 3 server nodes on one PostgreSQL, the Toss sandbox in
# its own process. One setup of N subscribers; each node count renews the next period of all of
# them with fresh JVMs. Reports throughput, CPU per renewal per process, lock waits per renewal and
# the top wait events and statements, and checks 0 duplicate charges (server ledger == sandbox
# ledger). Method and results: docs/benchmarks.md.
#
#   bench/scaleout.sh                    # N=100000, 300 ms
#   N=5000 bench/scaleout.sh
set -euo pipefail
# shellcheck source=processes.sh
. "$(dirname "${BASH_SOURCE[0]}")/processes.sh"
bench_processes \
  -Dtossbill.bench.subscriptions="${N:-100000}" \
  -Dtossbill.bench.latency-ms="${LATENCY_MS:-300}" \
  -Dtossbill.bench.runs="${RUNS:-1,2,3}" \
  -Dtossbill.bench.ceiling="${CEILING:-true}"
