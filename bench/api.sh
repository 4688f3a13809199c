#!/usr/bin/env bash
# The API under wrk (Debian package wrk; installed here with apt-get if missing): the entitlement
# check, a subscription read and the portal page at 64 and 256 connections, and the entitlement
# check paced to 2,000 requests a second, on one server node at its defaults with N subscribers
# set up (the sandbox and PostgreSQL in their own processes). Method and results:
# docs/benchmarks.md.
#
#   bench/api.sh                       # N=10000 subscribers, 15 s per run
#   N=2000 SECONDS_PER_RUN=5 bench/api.sh
set -euo pipefail
# shellcheck source=processes.sh
. "$(dirname "${BASH_SOURCE[0]}")/processes.sh"
bench_need_wrk
bench_processes \
  -Dtossbill.bench.subscriptions="${N:-10000}" \
  -Dtossbill.bench.runs= \
  -Dtossbill.bench.ceiling=false \
  -Dtossbill.bench.api=true \
  -Dtossbill.bench.api-seconds="${SECONDS_PER_RUN:-15}"
