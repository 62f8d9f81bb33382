#!/usr/bin/env bash
# Benchmark of orders-service (see docs/benchmarks.md):
#   benchmarks/orders/bench.sh [--duration S] [--warmup S] [--clients N] [--sockets N] [--rate R] [--fanout-duration S] [--redis URL] [--no-charts]
# Builds the benchmarks module and what it needs (BENCH_SKIP_BUILD=1 skips that), then runs
# dev.skyport.orders.bench.OrdersBenchmark: an in-process dynamo-engine, the fake users-service of
# orders-service's tests, and orders-service on free loopback ports. It writes
# docs/images/orders-service-*.png and .txt (the command and the load) unless --no-charts.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file="$PWD/benchmarks/target/bench.classpath"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$classpath_file" ]]; then
  ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile="$classpath_file"
fi
classpath="benchmarks/target/classes:$(cat "$classpath_file")"
exec "$JAVA" -Xms256m -Xmx1g -cp "$classpath" dev.skyport.orders.bench.OrdersBenchmark "$@"
