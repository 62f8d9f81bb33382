#!/usr/bin/env bash
# Gateway benchmark (not a test): requests/s and p50/p99 latency of the same tiny backend called
#   direct   - wrk -> backend
#   nginx    - wrk -> nginx reverse proxy (upstream keepalive) -> backend
#   gw-plain - wrk -> gateway (no JWT, no rate limiting) -> backend
#   gw-full  - wrk -> gateway (RS256 JWT validation over ~1,000 distinct tokens + Redis rate limiting, limits
#              high enough never to reject) -> backend
#   scg-bare - wrk -> Spring Cloud Gateway alone (benchmarks/gateway/BareGateway.java: same jars, one route, none of
#              Skyport's filters, no security, no tracing): the framework's own ceiling, for comparison
# then every case again paced at half of gw-full's maximum rate (benchmarks/pace/pace.c, latency counted from
# when each request was due), to read the latency the gateway adds below saturation, and a separate run against
# a limited route to show 429s. The proxy under test is pinned to core 0; wrk, the backend (nginx, static
# answer) and Redis to core 1. Warm-up, then RUNS runs per case; the median is reported.
# Needs: wrk, nginx (Debian nginx-light), redis-server, the JDK in JAVA_HOME; builds the gateway jar and
# benchmarks/pace (a C compiler) if missing.
set -euo pipefail
cd "$(dirname "$0")/../../gateway-service"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
# The JVM pinned to one core has one C2 compiler thread sharing that core with the event loops: after 15 s of
# load it was still compiling (~20 % of the core), so the gateway cases get a longer warm-up.
GW_WARMUP=${GW_WARMUP:-45s}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d /tmp/skyport-bench.XXXX)
chmod 755 "$WORK"   # nginx workers (www-data) read the JWKS file from here
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BACKEND=$(free_port); PROXY=$(free_port); GATEWAY=$(free_port); MGMT=$(free_port); REDIS=$(free_port); BARE=$(free_port)

[ -f target/gateway-service.jar ] || (cd .. && ./mvnw -B -ntp -q -pl gateway-service package -DskipTests)
"$JAVA_HOME/bin/java" ../benchmarks/gateway/MintTokens.java "$WORK" 1000 http://bench.skyport.test

mkdir -p "$WORK/backend" "$WORK/proxy"
cat > "$WORK/backend/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/backend/nginx.pid; error_log $WORK/backend/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BACKEND;
    location = /oauth2/jwks { default_type application/json; alias $WORK/jwks.json; }
    location / { default_type application/json; return 200 '{"ok":true}'; } } }
CONF
cat > "$WORK/proxy/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/proxy/nginx.pid; error_log $WORK/proxy/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$BACKEND; keepalive 64; }
  server { listen 127.0.0.1:$PROXY;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
taskset -c 1 nginx -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" & PIDS+=($!)
taskset -c 0 nginx -c "$WORK/proxy/nginx.conf" -e "$WORK/proxy/error.log" & PIDS+=($!)
taskset -c 1 redis-server --port "$REDIS" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 & PIDS+=($!)

SERVER_PORT=$GATEWAY MANAGEMENT_PORT=$MGMT USERS_SERVICE_URL=http://127.0.0.1:$BACKEND \
ORDERS_SERVICE_URL=http://127.0.0.1:$BACKEND SKYPORT_ISSUER_URI=http://bench.skyport.test \
SKYPORT_JWK_SET_URI=http://127.0.0.1:$BACKEND/oauth2/jwks REDIS_URL=redis://127.0.0.1:$REDIS \
SKYPORT_CREATE_TABLES=false DYNAMODB_ENDPOINT=http://127.0.0.1:1 \
taskset -c 0 "$JAVA_HOME/bin/java" -jar target/gateway-service.jar --spring.profiles.active=bench \
  --spring.config.additional-location=optional:file:../benchmarks/gateway/ > "$WORK/gateway.log" 2>&1 & PIDS+=($!)

# The control case: Spring Cloud Gateway with one route, from the gateway jar's own libraries.
mkdir -p "$WORK/bare"
(cd "$WORK/bare" && unzip -q "$OLDPWD/target/gateway-service.jar" 'BOOT-INF/lib/*')
"$JAVA_HOME/bin/javac" -cp "$WORK/bare/BOOT-INF/lib/*" -d "$WORK/bare/classes" ../benchmarks/gateway/BareGateway.java
BARE_EXCLUDES=$(printf '%s,' \
  org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration \
  org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration \
  org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration \
  org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration \
  org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration \
  org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration \
  org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration \
  org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration \
  org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration \
  org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration \
  org.springframework.boot.webflux.autoconfigure.WebFluxObservationAutoConfiguration \
  org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration \
  org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration \
  org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration)
taskset -c 0 "$JAVA_HOME/bin/java" -cp "$WORK/bare/classes:$WORK/bare/BOOT-INF/lib/*" dev.skyport.bench.BareGateway \
  --server.port="$BARE" --management.server.port=-1 --spring.autoconfigure.exclude="${BARE_EXCLUDES%,}" \
  --spring.cloud.gateway.server.webflux.routes[0].id=bare \
  --spring.cloud.gateway.server.webflux.routes[0].uri="http://127.0.0.1:$BACKEND" \
  '--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/plain/**' > "$WORK/bare.log" 2>&1 & PIDS+=($!)

# Paced runs use benchmarks/pace (C, built here now): wrk can only saturate, and Java load generators add their own
# milliseconds to a p99 (see docs/benchmarks.md).
../benchmarks/pace/pace.sh > /dev/null 2>&1 || true
paced() { # case rate -> "rate=... p50=... p99=..."
  local port=${URLS[$1]#http://127.0.0.1:}; local path="/${port#*/}"; port=${port%%/*}
  local requests="$WORK/$1.requests"; : > "$requests"
  if [ "$1" = gw-full ]; then
    while read -r token; do
      printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nAuthorization: Bearer %s\r\n\r\n' "$path" "$port" "$token"
    done < "$TOKENS_FILE" >> "$requests"
  else
    for _ in $(seq 1 "$CONNECTIONS"); do printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n' "$path" "$port"; done >> "$requests"
  fi
  taskset -c 1 ../benchmarks/pace/pace.sh "$port" "$requests" "$2" "$CONNECTIONS" 5 "${DURATION%s}"
}

for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$MGMT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$MGMT/actuator/health" >/dev/null || { echo "gateway did not start"; tail -50 "$WORK/gateway.log"; exit 1; }

export TOKENS_FILE="$WORK/tokens.txt"
TOKEN=$(head -1 "$TOKENS_FILE")
printf "sanity: plain %s, with token %s, without token %s\n" \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY/plain/x")" \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GATEWAY/api/orders/bench")" \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY/api/orders/bench")"
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$BARE/plain/x" && break; sleep 1; done
curl -fs -o /dev/null "http://127.0.0.1:$BARE/plain/x" || { echo "scg-bare did not start"; tail -30 "$WORK/bare.log"; exit 1; }
declare -A URLS=( [direct]="http://127.0.0.1:$BACKEND/plain/x" [nginx]="http://127.0.0.1:$PROXY/plain/x"
                  [scg-bare]="http://127.0.0.1:$BARE/plain/x"
                  [gw-plain]="http://127.0.0.1:$GATEWAY/plain/x" [gw-full]="http://127.0.0.1:$GATEWAY/api/orders/bench" )
CASES=(direct nginx scg-bare gw-plain gw-full)
run_wrk() { # case duration -> wrk output
  local script=(); [ "$1" = gw-full ] && script=(-s ../benchmarks/gateway/tokens.lua)
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$2" --latency "${script[@]}" "${URLS[$1]}"
}
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf "machine: %s cores, %s; shared with other sessions while measured\n" "$(nproc)" "$(uname -r)"
printf "wrk -t1 -c%s -d%s --latency, %s runs after a %s warm-up (gateway: %s); proxy on core 0, wrk+backend+redis on core 1\n" \
  "$CONNECTIONS" "$DURATION" "$RUNS" "$WARMUP" "$GW_WARMUP"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
printf "load average before: %s\n" "$LOAD_BEFORE"
printf "%-9s %12s %10s %10s %10s %8s\n" case "req/s" "p50 ms" "p99 ms" "non-2xx" "load1"
for c in "${CASES[@]}"; do
  warm=$WARMUP; case $c in gw-*|scg-*) warm=$GW_WARMUP ;; esac
  run_wrk "$c" "$warm" > /dev/null
  : > "$WORK/$c.rps"; : > "$WORK/$c.p50"; : > "$WORK/$c.p99"; : > "$WORK/$c.bad"
  for _ in $(seq 1 "$RUNS"); do
    out=$(run_wrk "$c" "$DURATION")
    echo "$out" | awk '/Requests\/sec/ {print $2}' >> "$WORK/$c.rps"
    echo "$out" | awk '$1=="50%" {print $2}' | to_ms >> "$WORK/$c.p50"; echo >> "$WORK/$c.p50"
    echo "$out" | awk '$1=="99%" {print $2}' | to_ms >> "$WORK/$c.p99"; echo >> "$WORK/$c.p99"
    echo "$out" | awk '/Non-2xx/ {n=$5} END {print n+0}' >> "$WORK/$c.bad"
  done
  printf "%-9s %12s %10s %10s %10s %8s\n" "$c" "$(median < "$WORK/$c.rps")" "$(grep . "$WORK/$c.p50" | median)" \
    "$(grep . "$WORK/$c.p99" | median)" "$(awk '{s+=$1} END {print s}' "$WORK/$c.bad")" "$(cut -d' ' -f1 /proc/loadavg)"
done

# The charts in docs/images (README): medians per case, drawn by benchmarks/bench-chart (docs/benchmarks.md).
for c in "${CASES[@]}"; do
  echo "median,$c,$(median < "$WORK/$c.rps")"
done | ../benchmarks/bench-chart --name gateway-throughput --title "gateway-service: requests per second" \
    --y-axis "requests per second" --command "benchmarks/gateway/run.sh" --out ../docs/images \
    --note "wrk -t1 -c$CONNECTIONS -d$DURATION, median of $RUNS runs after a $WARMUP warm-up (gateway: $GW_WARMUP)" \
    --note "load average before the run: $LOAD_BEFORE"
for c in "${CASES[@]}"; do
  echo "p50,$c,$(grep . "$WORK/$c.p50" | median)"
  echo "p99,$c,$(grep . "$WORK/$c.p99" | median)"
done | ../benchmarks/bench-chart --name gateway-latency --title "gateway-service: latency" --y-axis "ms" \
    --command "benchmarks/gateway/run.sh" --out ../docs/images --note "wrk --latency, medians of $RUNS runs" \
    --note "load average before the run: $LOAD_BEFORE"

# Below saturation: every case paced at half of gw-full's maximum rate, RUNS runs each, medians reported;
# "added p99" is the case's median p99 over the direct call's.
HALF=$(awk '{printf "%d", $1 / 2}' <<< "$(median < "$WORK/gw-full.rps")")
printf "\npaced at %s req/s (half of gw-full's median maximum), %s connections, %s runs of %s after 5 s each, medians:\n" \
  "$HALF" "$CONNECTIONS" "$RUNS" "$DURATION"
printf "%-9s %10s %10s %10s %10s %12s %8s\n" case "req/s" "p50 ms" "p99 ms" "non-2xx" "added p99" "load1"
direct_p99=
for c in "${CASES[@]}"; do
  : > "$WORK/$c.paced"
  for _ in $(seq 1 "$RUNS"); do paced "$c" "$HALF" >> "$WORK/$c.paced"; done
  col() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$WORK/$c.paced" | median; }
  [ -z "$direct_p99" ] && direct_p99=$(col p99)
  printf "%-9s %10s %10s %10s %10s %12s %8s\n" "$c" "$(col rate)" "$(col p50)" "$(col p99)" \
    "$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' "$WORK/$c.paced" | awk '{s+=$1} END {print s}')" \
    "$(awk -v a="$(col p99)" -v b="$direct_p99" 'BEGIN {printf "%.2f", a - b}')" "$(cut -d' ' -f1 /proc/loadavg)"
done

echo "gateway answers by status during the runs (access log):"
grep -o '"status":[0-9]*' "$WORK/gateway.log" | sort | uniq -c | sort -rn | head -5
echo "limited route (rate 100/s, burst 100 per IP), $DURATION:"
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$GATEWAY/limited/x" | awk '/Requests\/sec|Non-2xx|requests in/'
grep -c '"path":"/limited/x","route":"bench-limited","status":429' "$WORK/gateway.log" | sed 's/^/429 answers on the limited route: /'
