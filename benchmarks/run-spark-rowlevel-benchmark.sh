#!/usr/bin/env bash
# The Spark row-level benchmark: Apache Iceberg 1.12 (its Spark runtime and SQL extensions, hadoop catalog)
# and Datashard (its Spark catalog) side by side in one JVM, Spark local[2], on the rows of the Spark
# benchmark (10M generated rows). For each mode -- cow-v2 (copy-on-write), mor-v2 (merge-on-read, position
# delete files), mor-v3 (merge-on-read, deletion vectors) -- each round writes a fresh table per system
# (untimed) and times: full-scan aggregation, DELETE WHERE id % 100 = 0, scan, MERGE of 1% updates (spread
# over every file) and 1% inserts, scan. Every scan is checked against values computed in Java. Prints the
# per-step medians, Datashard/Iceberg, and each system's scan-after/scan-before ratios.
# Extra arguments go to io.datashard.benchmarks.spark.SparkRowLevelBenchmark and override its defaults:
#   ./benchmarks/run-spark-rowlevel-benchmark.sh --rows 1000000 --rounds 1
#   ./benchmarks/run-spark-rowlevel-benchmark.sh --modes mor-v2,mor-v3 --systems datashard
#
# Like run-spark-benchmark.sh it runs on benchmarks/target/classes plus target/spark-benchmark-lib/* and
# target/spark-benchmark.classpath (written by the Maven build), not on benchmarks.jar.
#
# Environment: SKIP_BUILD=1 reuses the last build; MVN_ARGS adds Maven flags (e.g. MVN_ARGS=-o); JAVA
# selects the java binary; HEAP sets the JVM heap (default 4g); BENCHMARK_DIR is where the tables go
# (default benchmarks/target/spark-rowlevel-bench; about 1.5 GB at 10M rows); JAVA_OPTS adds JVM flags,
# e.g. a JFR recording: JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/rl.jfr,settings=profile'.
# The script takes no lock; on a shared machine run it under the build lock, which it then holds for the
# build and the whole run:
#   flock /tmp/ds-build.lock ./benchmarks/run-spark-rowlevel-benchmark.sh
set -euo pipefail

cd "$(dirname "$0")/.."
BENCHMARK_DIR="${BENCHMARK_DIR:-$(pwd)/benchmarks/target/spark-rowlevel-bench}"

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
  io.datashard.benchmarks.spark.SparkRowLevelBenchmark --dir "$BENCHMARK_DIR" "$@"
