#!/usr/bin/env bash
# A/B of two gateway jars on the success path (not a test): both run at once, pinned to core 0, with the bench
# profile; wrk (core 1) alternates 10 s runs against their throttling-free /plain route, the order flipping every
# round, so both see the same background load and neither always goes first. Prints requests/s and the gateway's CPU
# time per request (from /proc/PID/stat, read only) per run.
# Usage: benchmarks/gateway/ab.sh A.jar B.jar   (e.g. a jar built before a change and one after it). Needs wrk, nginx, redis-server.
# A_ARGS / B_ARGS add application arguments to one side (the same jar twice with a setting flipped), A_JAVA / B_JAVA
# JVM options;
# ROUTE=full measures the orders route with RS256 tokens and Redis limits instead of the public /plain route.
# The JVM started first led in 15 of 17 rounds on a loaded 2-core box: run it twice, with the sides swapped.
set -euo pipefail
JAR_A=$(realpath "$1"); JAR_B=$(realpath "$2")
cd "$(dirname "$0")/../../gateway-service"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ROUNDS=${ROUNDS:-6}
WORK=$(mktemp -d /tmp/skyport-ab.XXXX); chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BACKEND=$(free_port); REDIS=$(free_port)
ROUTE=${ROUTE:-plain}
if [ "$ROUTE" = full ]; then
  "$JAVA_HOME/bin/java" ../benchmarks/gateway/MintTokens.java "$WORK" 1000 http://bench.skyport.test
  export TOKENS_FILE="$WORK/tokens.txt"; PATH_UNDER_TEST=/api/orders/bench; SCRIPT=(-s ../benchmarks/gateway/tokens.lua)
else
  PATH_UNDER_TEST=/plain/x; SCRIPT=()
fi
mkdir -p "$WORK/backend"
cat > "$WORK/backend/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/backend/nginx.pid; error_log $WORK/backend/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BACKEND;
    location = /oauth2/jwks { default_type application/json; alias $WORK/jwks.json; }
    location / { default_type application/json; return 200 '{"ok":true}'; } } }
CONF
taskset -c 1 nginx -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" & PIDS+=($!)
taskset -c 1 redis-server --port "$REDIS" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 & PIDS+=($!)
declare -A PORT PID
for v in A B; do
  jar=$JAR_A; args=${A_ARGS:-}; java_opts=${A_JAVA:-}
  [ $v = B ] && jar=$JAR_B && args=${B_ARGS:-} && java_opts=${B_JAVA:-}
  PORT[$v]=$(free_port); MGMT=$(free_port)
  SERVER_PORT=${PORT[$v]} MANAGEMENT_PORT=$MGMT USERS_SERVICE_URL=http://127.0.0.1:$BACKEND \
  ORDERS_SERVICE_URL=http://127.0.0.1:$BACKEND SKYPORT_ISSUER_URI=http://bench.skyport.test \
  SKYPORT_JWK_SET_URI=http://127.0.0.1:$BACKEND/oauth2/jwks REDIS_URL=redis://127.0.0.1:$REDIS \
  SKYPORT_CREATE_TABLES=false DYNAMODB_ENDPOINT=http://127.0.0.1:1 \
  taskset -c 0 "$JAVA_HOME/bin/java" $java_opts -jar "$jar" --spring.profiles.active=bench \
    --spring.config.additional-location=optional:file:../benchmarks/gateway/ $args > "$WORK/gateway-$v.log" 2>&1 &
  PID[$v]=$!; PIDS+=($!)
done
for v in A B; do
  for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:${PORT[$v]}/plain/x" && break; sleep 1; done
done
echo "A=$JAR_A ${A_JAVA:-} ${A_ARGS:-} B=$JAR_B ${B_JAVA:-} ${B_ARGS:-}; route $PATH_UNDER_TEST; load before warm-up: $(cut -d' ' -f1-3 /proc/loadavg)"
for v in B A; do taskset -c 1 wrk -t1 -c32 -d40s "${SCRIPT[@]}" "http://127.0.0.1:${PORT[$v]}$PATH_UNDER_TEST" > /dev/null; done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for i in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((i % 2)) = 1 ] && order="B A"
  for v in $order; do
    before=$(ticks "${PID[$v]}")
    out=$(taskset -c 1 wrk -t1 -c32 -d10s "${SCRIPT[@]}" "http://127.0.0.1:${PORT[$v]}$PATH_UNDER_TEST")
    cpu=$(awk -v t=$(( $(ticks "${PID[$v]}") - before )) -v n="$(echo "$out" | awk '/requests in/ {print $1}')" \
      -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
    echo "round $i $v $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s $cpu µs/req load1=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
echo "answers by status (both gateways):"; grep -ho '"status":[0-9]*' "$WORK"/gateway-*.log | sort | uniq -c
