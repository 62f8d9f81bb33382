#!/usr/bin/env bash
# Benchmark of dynamo-engine as a server (see docs/benchmarks.md):
#   benchmarks/engine/bench.sh [--quick] [--duration S] [--ops get,put,...] [--configs memory,disk,...] [--help]
# Builds the server jar and the benchmarks module (BENCH_SKIP_BUILD=1 skips that), then runs
# dev.skyport.dynamo.bench.EngineBenchmark (or dev.skyport.dynamo.bench.$BENCH_CLASS) with its classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
source benchmarks/classpath.sh
# BENCH_CLASS=OtherBenchmark runs another main of dev.skyport.dynamo.bench with the same classpath.
bench_class="${BENCH_CLASS:-EngineBenchmark}"
if [[ "$bench_class" == EngineBenchmark ]]; then
  set -- --jar dynamo-engine/target/dynamo-engine.jar "$@"
fi
exec "$JAVA" -Xms256m -Xmx1g --enable-native-access=ALL-UNNAMED ${BENCH_CLIENT_OPTS:-} -cp "$classpath" "dev.skyport.dynamo.bench.$bench_class" "$@"
