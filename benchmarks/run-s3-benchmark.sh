#!/usr/bin/env bash
# Builds the benchmarks jar and runs the S3 throughput benchmark: sequential write and read
# throughput through S3FileIO and through the raw AWS SDK client, side by side against the same
# in-process S3Proxy, with S3FileIO ÷ raw ratios. Extra arguments go to the benchmark, e.g.
#   ./benchmarks/run-s3-benchmark.sh --sizes 64k:200,8m:8 --rounds 7
#
# Environment: SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN_ARGS adds Maven flags
# (e.g. MVN_ARGS=-o for offline); JAVA selects the java binary; JAVA_OPTS replaces the JVM flags.
# This script takes no lock. On a shared machine run it under the build lock, so that no build
# competes for the CPU:
#   flock /tmp/ds-build.lock ./benchmarks/run-s3-benchmark.sh
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -Pbench -pl benchmarks -am package -DskipTests
fi

# The in-memory store holds one round of one size at a time (at most 3 x files x size bytes).
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:--Xms2g -Xmx2g} -cp "$JAR" io.datashard.benchmarks.s3.S3ThroughputBenchmark "$@"
