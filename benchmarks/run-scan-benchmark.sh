#!/usr/bin/env bash
# Builds the benchmarks jar and runs, Datashard vs Apache Iceberg side by side:
#  1. ScanPlanningBenchmark (JMH): planFiles() over 1,000 manifests x 100 files, full and selective;
#  2. ParquetReadBenchmark: generic Parquet read throughput of the same rows written by each library.
# Extra arguments go to JMH (step 1) and override the defaults below, e.g.
#   ./benchmarks/run-scan-benchmark.sh -p manifests=200 -i 5
#
# Environment: SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN_ARGS adds Maven flags
# (e.g. MVN_ARGS=-o); JAVA selects the java binary; BENCHMARK_DIR is where the tables go (default
# benchmarks/target/bench-tables; the scan fixtures are kept there and reused by later runs, delete
# the folder to rebuild them); PARQUET_ARGS replaces the Parquet benchmark's arguments (default
# "--rows 2000000 --files 4 --rounds 7 --warmup 3"); SKIP_SCAN=1 / SKIP_PARQUET=1 skip a step.
# The script takes no lock; on a shared machine run it under the build lock:
#   flock /tmp/ds-build.lock ./benchmarks/run-scan-benchmark.sh
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
BENCHMARK_DIR="${BENCHMARK_DIR:-$(pwd)/benchmarks/target/bench-tables}"
mkdir -p "$BENCHMARK_DIR"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -Pbench -pl benchmarks -am package -DskipTests
fi

# Iceberg plans on its shared worker pool unless told not to; Datashard plans on the calling thread
# unless given an executor. Both single-threaded here.
FORK_ARGS="-Xms2g -Xmx2g -Diceberg.scan.plan-in-worker-pool=false -Dbenchmark.dir=${BENCHMARK_DIR}"

if [[ "${SKIP_SCAN:-0}" != "1" ]]; then
  DEFAULTS=(-f 1 -wi 3 -w 2s -i 3 -r 2s -jvmArgsAppend "${FORK_ARGS}" -rf json -rff benchmarks/target/scan-benchmark.json)
  ARGS=()
  for ((k = 0; k < ${#DEFAULTS[@]}; k += 2)); do
    given=0
    for arg in "$@"; do
      if [[ "$arg" == "${DEFAULTS[k]}" ]]; then given=1; fi
    done
    if [[ $given == 0 ]]; then ARGS+=("${DEFAULTS[k]}" "${DEFAULTS[k + 1]}"); fi
  done
  "${JAVA:-java}" -jar "$JAR" "${ARGS[@]}" "$@" ScanPlanningBenchmark
fi

if [[ "${SKIP_PARQUET:-0}" != "1" ]]; then
  # shellcheck disable=SC2086
  "${JAVA:-java}" -Xms2g -Xmx2g -Diceberg.scan.plan-in-worker-pool=false -Dbenchmark.dir="${BENCHMARK_DIR}" \
    -cp "$JAR" io.datashard.benchmarks.parquet.ParquetReadBenchmark ${PARQUET_ARGS:---rows 2000000 --files 4 --rounds 7 --warmup 3}
fi
