#!/usr/bin/env bash
# Issue 7's Flink benchmark (io.datashard.benchmarks.flink.FlinkUpsertBenchmark): a streaming Flink job
# (parallelism 2, a checkpoint every 10 s) upserts 1M rows by primary key into a 10M-row format-v3 table
# through the Datashard sink; then Flink SQL (batch mode) reads that table and a table holding the same
# final rows written without deletes, full scan and aggregate, alternating round by round. Prints the
# upsert throughput and the read-time ratio upserted / delete-free (target <= 1.5); exits non-zero on a
# wrong result. Extra arguments override the defaults:
#   ./benchmarks/run-flink-upsert-benchmark.sh --rows 10000000 --upserts 1000000 --rounds 3 \
#     --parallelism 2 --checkpoint-ms 10000 --file-size-mb 128
#
# The two tables are generated once per (rows, upserts) under BENCHMARK_DIR (default
# benchmarks/target/flink-upsert-bench, about 1 GB for 10M rows) and reused: delete that folder to
# measure the upsert job again.
#
# Environment: SKIP_BUILD=1 reuses the last build; MVN_ARGS adds Maven flags (e.g. MVN_ARGS=-o); JAVA
# selects the java binary; HEAP sets the JVM heap (default 4g); JAVA_OPTS adds JVM flags. The script
# takes no lock; on a shared machine run it under the build lock.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCHMARK_DIR="${BENCHMARK_DIR:-$(pwd)/benchmarks/target/flink-upsert-bench}"
CLASSPATH_FILE=benchmarks/target/flink-benchmark.classpath

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
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
  io.datashard.benchmarks.flink.FlinkUpsertBenchmark --dir "$BENCHMARK_DIR" "$@"
