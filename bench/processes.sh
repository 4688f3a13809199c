# Sourced by the bench/*.sh scripts that run ProcessRenewalBenchmark: the server, the Toss sandbox
# and PostgreSQL each in their own processes. Builds the two executable jars (the server's boot jar
# and the sandbox's exec jar) and the harness, then runs the harness alone with the system
# properties given as arguments. Method and results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A JDK 25 beside the default java (./mvnw finds it the same way).
# shellcheck source=../.mvn/jdk.sh
. .mvn/jdk.sh

bench_processes() {
  local log=server/target/benchmarks/processes-run.log
  # MVN_FLAGS: e.g. -o once the dependencies are downloaded.
  # shellcheck disable=SC2086
  ./mvnw -q ${MVN_FLAGS:-} -pl server -am package -DskipTests -Dspotless.check.skip=true
  mkdir -p server/target/benchmarks
  # The harness is a JUnit class tagged "benchmark", which the normal build excludes.
  # shellcheck disable=SC2086
  ./mvnw -q ${MVN_FLAGS:-} -pl server -am test \
    -Dspotless.check.skip=true \
    -Dgroups=benchmark -Dsurefire.excludedGroups= \
    -Dtest=ProcessRenewalBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtossbill.bench.server-jvm-options="${SERVER_JVM_OPTIONS:-}" \
    "$@" > "$log" 2>&1 || { tail -n 80 "$log" >&2; exit 1; }
  cat server/target/benchmarks/process-benchmark.md
  cat server/target/benchmarks/process-summary.txt
}

bench_need_wrk() {
  if ! command -v wrk > /dev/null; then
    echo "wrk is not installed; installing the Debian package" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
  fi
}
