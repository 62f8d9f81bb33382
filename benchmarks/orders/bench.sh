#!/usr/bin/env bash
# Benchmark of orders-service (see docs/benchmarks.md):
#   benchmarks/orders/bench.sh [--duration S] [--warmup S] [--clients N] [--sockets N] [--rate R] [--fanout-duration S] [--redis URL] [--no-charts]
# Builds the benchmarks module and what it needs (BENCH_SKIP_BUILD=1 skips that), then runs
# dev.skyport.orders.bench.OrdersBenchmark: an in-process dynamo-engine, the fake users-service of
# orders-service's tests, and orders-service on free loopback ports. It writes
# docs/images/orders-service-*.png and .txt (the command and the load) unless --no-charts.
set -euo pipefail
cd "$(dirname "$0")/../.."
source benchmarks/classpath.sh
exec "$JAVA" -Xms256m -Xmx1g -cp "$classpath" dev.skyport.orders.bench.OrdersBenchmark "$@"
