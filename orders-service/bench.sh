#!/usr/bin/env bash
# Benchmark of orders-service (see docs/orders-service.md):
#   orders-service/bench.sh [--duration S] [--warmup S] [--clients N] [--sockets N] [--rate R] [--fanout-duration S] [--redis URL] [--no-charts]
# Builds the module and its test classes (BENCH_SKIP_BUILD=1 skips that), then runs
# dev.skyport.orders.bench.OrdersBenchmark from the test sources with the test classpath: an in-process
# dynamo-engine, the fake users-service of the tests, and orders-service on free loopback ports. It writes
# docs/images/orders-service-*.png and .txt (the command and the load) unless --no-charts.
# dynamo-engine is in the build so its bench test-jar (BenchmarkChart) resolves from this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file="$PWD/orders-service/target/bench.classpath"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$classpath_file" ]]; then
  ./mvnw -B -q -ntp -pl dynamo-engine,service-starter,orders-service test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
fi
classpath="orders-service/target/test-classes:orders-service/target/classes:service-starter/target/classes:$(cat "$classpath_file")"
exec "$JAVA" -Xms256m -Xmx1g -cp "$classpath" dev.skyport.orders.bench.OrdersBenchmark "$@"
