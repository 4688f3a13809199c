#!/usr/bin/env bash
# Footprint of the default run: the server's boot jar started with no option but a free port in an
# empty folder (embedded PostgreSQL, mounted sandbox, generated keys, as ./mvnw -pl server -am
# spring-boot:run does), twice (first start, then on the existing data): time to the first healthy
# answer of /actuator/health and resident memory after 30 s idle. RSS under load is in the renewal
# reports (bench/renewals.sh). Method and results: docs/benchmarks.md.
set -euo pipefail
# shellcheck source=processes.sh
. "$(dirname "${BASH_SOURCE[0]}")/processes.sh"
bench_processes \
  -Dtossbill.bench.subscriptions=0 \
  -Dtossbill.bench.runs= \
  -Dtossbill.bench.ceiling=false \
  -Dtossbill.bench.footprint=true
