#!/usr/bin/env bash
# The Spark benchmark: plain Spark Parquet, Apache Iceberg 1.12 (its Spark runtime, hadoop catalog) and
# Datashard (its Spark catalog) side by side in one JVM, Spark local[2], on the same 10M generated rows:
# full write, partitioned write, full-scan aggregation, 1% id-range scan, partition-filter scan, 50 small
# appends. Prints per-workload medians and the ratios Datashard/Iceberg and Datashard/plain Parquet.
# Extra arguments go to io.datashard.benchmarks.spark.SparkBenchmark and override its defaults, e.g.
#   ./benchmarks/run-spark-benchmark.sh --rows 2000000 --rounds 5
#   ./benchmarks/run-spark-benchmark.sh --workloads full-scan,id-range-scan --systems iceberg,datashard
#   ./benchmarks/run-spark-benchmark.sh --datashard-access path      # format("datashard") instead of the catalog
#
# It does not use benchmarks.jar: the module's Iceberg 1.10 and hadoop-common must not sit next to
# Iceberg's Spark runtime and Spark's Hadoop client, so it runs on benchmarks/target/classes plus
# target/spark-benchmark-lib/* and target/spark-benchmark.classpath (written by the Maven build).
#
# Environment: SKIP_BUILD=1 reuses the last build; MVN_ARGS adds Maven flags (e.g. MVN_ARGS=-o); JAVA
# selects the java binary; HEAP sets the JVM heap (default 4g); BENCHMARK_DIR is where the tables go
# (default benchmarks/target/spark-bench; about 3 GB at 10M rows); JAVA_OPTS adds JVM flags (e.g. a JFR
# recording). The script takes no lock; on a shared machine run it under the build lock:
#   flock /tmp/ds-build.lock ./benchmarks/run-spark-benchmark.sh
set -euo pipefail

cd "$(dirname "$0")/.."
BENCHMARK_DIR="${BENCHMARK_DIR:-$(pwd)/benchmarks/target/spark-bench}"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # compiles the module and the modules it needs (the Spark connector among them) and writes the classpath
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -pl benchmarks -am process-test-resources
fi

CLASSPATH_FILE=benchmarks/target/spark-benchmark.classpath
if [[ ! -f "$CLASSPATH_FILE" ]]; then
  echo "missing $CLASSPATH_FILE: build first (without SKIP_BUILD=1)" >&2
  exit 1
fi
CP="benchmarks/target/classes:benchmarks/target/spark-benchmark-lib/*:$(cat "$CLASSPATH_FILE")"

# Spark 4.1 on Java 17 needs these (the same flags as the tests: test.jvm.flags in the root pom.xml)
FLAGS=$(sed -n 's:.*<test.jvm.flags>\(.*\)</test.jvm.flags>.*:\1:p' pom.xml | sed 's/-Xmx[^ ]*//')

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec "${JAVA:-java}" -Xms"${HEAP:-4g}" -Xmx"${HEAP:-4g}" $FLAGS ${JAVA_OPTS:-} -cp "$CP" \
  io.datashard.benchmarks.spark.SparkBenchmark --dir "$BENCHMARK_DIR" "$@"
