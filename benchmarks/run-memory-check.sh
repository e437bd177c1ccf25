#!/usr/bin/env bash
# The memory acceptance check: writes a path table of about 5 GB with a clustered TableWriter (in a
# child JVM with a 1 GB heap), then reads it with TableReader in child JVMs with -Xmx512m (in full, with a
# filter, and with a position delete file) and reports rows, time and peak heap. Fails if a read
# runs out of memory or returns the wrong rows. The table is deleted afterwards (--keep keeps it).
#
#   ./benchmarks/run-memory-check.sh                                   # 5 GB, -Xmx512m
#   ./benchmarks/run-memory-check.sh --size 1g --read-heap 256m --partitions 8
#
# Environment: SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN_ARGS adds Maven flags
# (e.g. MVN_ARGS=-o); JAVA selects the java binary; MEMORY_CHECK_DIR is where the table goes
# (default benchmarks/target/memory-check; needs free space for the whole table).
# The script takes no lock; on a shared machine run it under the build lock:
#   flock /tmp/ds-build.lock ./benchmarks/run-memory-check.sh
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
MEMORY_CHECK_DIR="${MEMORY_CHECK_DIR:-$(pwd)/benchmarks/target/memory-check}"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -Pbench -pl benchmarks -am package -DskipTests
fi

# the orchestrating JVM only starts children and writes one small delete file
"${JAVA:-java}" -Xmx256m -cp "$JAR" io.datashard.benchmarks.memory.BoundedMemoryReadCheck --dir "$MEMORY_CHECK_DIR" "$@"
