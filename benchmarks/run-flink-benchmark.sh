#!/usr/bin/env bash
# The Flink benchmark: bounded-scan throughput of Flink SQL (batch mode, parallelism 2) over the same
# Parquet files, read by Datashard's `datashard` connector and by Flink's own `filesystem` connector with
# the `parquet` format (Apache Iceberg publishes no Flink 2.3 runtime to compare with). Workloads:
# full-scan (INSERT INTO blackhole SELECT *) and aggregate (COUNT(*), SUM(amount), MAX(id)). Prints the
# median of each and the throughput ratio Datashard / Flink Parquet; exits non-zero on a wrong result.
# Extra arguments go to io.datashard.benchmarks.flink.FlinkScanBenchmark and override its defaults:
#   ./benchmarks/run-flink-benchmark.sh --rows 2000000 --rounds 5 --parallelism 2 --file-size-mb 64
#
# The table is generated once per row count under BENCHMARK_DIR (default benchmarks/target/flink-bench;
# about 25 MB per million rows) and reused by later runs.
#
# Environment: SKIP_BUILD=1 reuses the last build; MVN_ARGS adds Maven flags (e.g. MVN_ARGS=-o); JAVA
# selects the java binary; HEAP sets the JVM heap (default 4g); JAVA_OPTS adds JVM flags. The script
# takes no lock; on a shared machine run the build under the build lock (SKIP_BUILD=1 afterwards).
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

# shellcheck disable=SC2086
exec "${JAVA:-java}" -Xms"${HEAP:-4g}" -Xmx"${HEAP:-4g}" $FLAGS ${JAVA_OPTS:-} -cp "$CP" \
  io.datashard.benchmarks.flink.FlinkScanBenchmark --dir "$BENCHMARK_DIR" "$@"
