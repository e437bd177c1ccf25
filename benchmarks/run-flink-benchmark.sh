#!/usr/bin/env bash
# The Flink benchmark: Datashard's `datashard` SQL connector side by side with Flink's own `filesystem`
# connector with the `parquet` format (Apache Iceberg publishes no Flink 2.3 runtime to compare with),
# Flink parallelism 2 by default. Two benchmarks, each in its own JVM with its own MiniCluster:
#
#  scan  (io.datashard.benchmarks.flink.FlinkScanBenchmark) bounded-scan throughput, Flink SQL batch mode,
#        over the same Parquet files: full-scan (INSERT INTO blackhole SELECT *) and aggregate (COUNT(*),
#        SUM(amount), MAX(id)). Flags: --rows (10000000) --rounds (3) --parallelism (2)
#        --file-size-mb (64) --workloads (full-scan,aggregate) --systems (parquet,datashard).
#        The table is generated once per row count under BENCHMARK_DIR (about 6 MB per million rows) and
#        reused by later runs.
#  sink  (io.datashard.benchmarks.flink.FlinkSinkBenchmark) sink throughput, Flink SQL streaming mode with
#        checkpoints: INSERT INTO a datashard table / a filesystem-parquet directory from the same generated
#        rows (id, ts, category with 100 values, amount, 50-char payload), both zstd. Every written table
#        is read back and checked (count, sum(id), payload characters), then deleted. Flags: --rows
#        (10000000) --rounds (3) --parallelism (2) --checkpoint-ms (10000) --codec (zstd)
#        --systems (parquet,datashard).
#
# Each prints the median per system and the throughput ratio Datashard / Flink Parquet (above 1.00x
# Datashard is faster), and exits non-zero on a wrong result. Usage:
#   ./benchmarks/run-flink-benchmark.sh [--benchmarks scan,sink] [flags of the benchmarks]
#   ./benchmarks/run-flink-benchmark.sh --benchmarks sink --rows 1000000 --rounds 1
# Flags go to every selected benchmark; each ignores the ones it does not know.
#
# Environment: SKIP_BUILD=1 reuses the last build; MVN_ARGS adds Maven flags (e.g. MVN_ARGS=-o); JAVA
# selects the java binary; HEAP sets the JVM heap (default 4g); JAVA_OPTS adds JVM flags (e.g.
# JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/flink.jfr,settings=profile for a JFR profile);
# BENCHMARK_DIR is the work folder (default benchmarks/target/flink-bench). The script takes no lock; on
# a shared machine run it under the build lock.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCHMARK_DIR="${BENCHMARK_DIR:-$(pwd)/benchmarks/target/flink-bench}"
CLASSPATH_FILE=benchmarks/target/flink-benchmark.classpath

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # compiles the module and the modules it needs (the Flink connector among them), then writes the
  # classpath with the provided Flink jars; in one reactor run so that modules resolve to target/classes
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -pl benchmarks -am compile dependency:build-classpath \
    -Dmdep.includeScope=compile -Dmdep.outputFile=target/flink-benchmark.classpath
fi

if [[ ! -f "$CLASSPATH_FILE" ]]; then
  echo "missing $CLASSPATH_FILE: build first (without SKIP_BUILD=1)" >&2
  exit 1
fi
CP="benchmarks/target/classes:$(cat "$CLASSPATH_FILE")"

# the JVM flags of the tests (test.jvm.flags in the root pom.xml): Flink's Kryo needs the --add-opens
FLAGS=$(sed -n 's:.*<test.jvm.flags>\(.*\)</test.jvm.flags>.*:\1:p' pom.xml | sed 's/-Xmx[^ ]*//')

BENCHMARKS=scan,sink
ARGS=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--benchmarks" && $# -ge 2 ]]; then
    BENCHMARKS="$2"
    shift 2
  else
    ARGS+=("$1")
    shift
  fi
done

for BENCHMARK in ${BENCHMARKS//,/ }; do
  case "$BENCHMARK" in
    scan) MAIN=io.datashard.benchmarks.flink.FlinkScanBenchmark ;;
    sink) MAIN=io.datashard.benchmarks.flink.FlinkSinkBenchmark ;;
    *) echo "unknown benchmark $BENCHMARK: expected scan or sink" >&2; exit 2 ;;
  esac
  echo "== Flink $BENCHMARK benchmark"
  # shellcheck disable=SC2086
  "${JAVA:-java}" -Xms"${HEAP:-4g}" -Xmx"${HEAP:-4g}" $FLAGS ${JAVA_OPTS:-} -cp "$CP" \
    "$MAIN" --dir "$BENCHMARK_DIR" "${ARGS[@]}"
done
