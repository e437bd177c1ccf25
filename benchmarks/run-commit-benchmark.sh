#!/usr/bin/env bash
# Builds the benchmarks jar and runs the commit benchmark (Datashard vs Apache Iceberg HadoopTables),
# then prints Datashard ÷ Iceberg ratios. Extra arguments go to JMH and override the defaults below,
# e.g. ./benchmarks/run-commit-benchmark.sh -p snapshots=200 -i 3
#
# Environment: SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN_ARGS adds Maven flags
# (e.g. MVN_ARGS=-o for offline); JAVA selects the java binary; BENCHMARK_DIR sets where the
# temporary tables go (default: java.io.tmpdir). On a shared machine run it under the build lock:
#   flock /tmp/ds-build.lock ./benchmarks/run-commit-benchmark.sh
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -Pbench -pl benchmarks -am package -DskipTests
fi

# JMH forks a JVM per benchmark; settings for it go through -jvmArgsAppend
FORK_ARGS="-Xms2g -Xmx2g"
if [[ -n "${BENCHMARK_DIR:-}" ]]; then
  FORK_ARGS="${FORK_ARGS} -Dbenchmark.dir=${BENCHMARK_DIR}"
fi

# Defaults: 1 fork, 5 warmup x 2 s, 5 measurement x 2 s per benchmark and implementation, JSON
# results in benchmarks/target/commit-benchmark.json. An option given on the command line replaces
# its default (JMH refuses an option given twice).
DEFAULTS=(-f 1 -wi 5 -w 2s -i 5 -r 2s -jvmArgsAppend "${FORK_ARGS}" -rf json -rff benchmarks/target/commit-benchmark.json)
ARGS=()
for ((k = 0; k < ${#DEFAULTS[@]}; k += 2)); do
  given=0
  for arg in "$@"; do
    if [[ "$arg" == "${DEFAULTS[k]}" ]]; then given=1; fi
  done
  if [[ $given == 0 ]]; then ARGS+=("${DEFAULTS[k]}" "${DEFAULTS[k + 1]}"); fi
done

exec "${JAVA:-java}" -jar "$JAR" "${ARGS[@]}" "$@"
