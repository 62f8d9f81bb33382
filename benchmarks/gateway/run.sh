#!/usr/bin/env bash
# Gateway benchmark (not a test): requests/s and p50/p99 latency of the same tiny backend called
#   direct   - wrk -> backend
#   nginx    - wrk -> nginx reverse proxy (upstream keepalive) -> backend
#   gw-plain - wrk -> gateway (no JWT, no rate limiting) -> backend
#   gw-full  - wrk -> gateway (RS256 JWT validation over ~1,000 distinct tokens + Redis rate limiting, limits
#              high enough never to reject) -> backend
#   scg-untuned - wrk -> Spring Cloud Gateway alone (benchmarks/gateway/BareGateway.java: same jars, one route, none of
#              Skyport's filters, no security, no tracing) with the framework's defaults
#   scg-bare - the same, tuned as gateway-service ships it (one event loop per CPU, the route filter cache, HTTP/2
#              and with it the gRPC header filters off): the framework's own ceiling, the peer for the ratios
#   gw-full-norec - gw-full with decision records switched off (skyport.gateway.decision-records.enabled=false), to
#              show what the records cost a successful request
# then every case again paced at half of gw-full's maximum rate (benchmarks/pace/pace.c, latency counted from
# when each request was due), to read the latency the gateway adds below saturation, and a separate run against
# a limited route to show 429s. The proxy under test is pinned to core 0; wrk, the backend (nginx, static
# answer) and Redis to core 1. Warm-up, then RUNS rounds in which every case runs once (the order rotates each
# round, so a change in the machine's load falls on all cases alike); the median is reported, with the proxy's CPU
# time per request (from /proc/PID/stat, read only), the load average and the share of core 0's time the
# hypervisor gave to other guests ("steal", from /proc/stat; on a shared VM the largest source of noise).
# Needs: wrk, nginx (Debian nginx-light), redis-server, the JDK in JAVA_HOME; builds the gateway jar and
# benchmarks/pace (a C compiler) if missing.
set -euo pipefail
cd "$(dirname "$0")/../../gateway-service"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
# The JVM pinned to one core has one C2 compiler thread sharing that core with the event loops: after 15 s of
# load it was still compiling (~20 % of the core), so the gateway cases get a longer warm-up, and then keep warming
# in 10 s runs until their JIT compiler threads used under 2 % of the core in one (at most GW_SETTLE_MAX seconds
# more), and again paced before the paced rounds: a round measured while C2 still compiles measures the compiler too.
GW_WARMUP=${GW_WARMUP:-45s}
GW_SETTLE_MAX=${GW_SETTLE_MAX:-120}
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
UNTUNED=$(free_port); NOREC=$(free_port); NOREC_MGMT=$(free_port)
declare -A PROC   # case -> PID whose CPU time is the proxy's

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

start_gateway() { # port management-port extra-args... -> PID
  local port=$1 mgmt=$2; shift 2
  SERVER_PORT=$port MANAGEMENT_PORT=$mgmt USERS_SERVICE_URL=http://127.0.0.1:$BACKEND \
  ORDERS_SERVICE_URL=http://127.0.0.1:$BACKEND SKYPORT_ISSUER_URI=http://bench.skyport.test \
  SKYPORT_JWK_SET_URI=http://127.0.0.1:$BACKEND/oauth2/jwks REDIS_URL=redis://127.0.0.1:$REDIS \
  SKYPORT_CREATE_TABLES=false DYNAMODB_ENDPOINT=http://127.0.0.1:1 \
  taskset -c 0 "$JAVA_HOME/bin/java" -jar target/gateway-service.jar --spring.profiles.active=bench \
    --spring.config.additional-location=optional:file:../benchmarks/gateway/ "$@" > "$WORK/gateway-$port.log" 2>&1 &
  echo $!
}
GW_PID=$(start_gateway "$GATEWAY" "$MGMT"); PIDS+=("$GW_PID")
NOREC_PID=$(start_gateway "$NOREC" "$NOREC_MGMT" --skyport.gateway.decision-records.enabled=false); PIDS+=("$NOREC_PID")
ln -s "gateway-$GATEWAY.log" "$WORK/gateway.log"

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
start_bare() { # port [JVM options] [-- application arguments] -> PID
  local port=$1 jvm=() app=(); shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do jvm+=("$1"); shift; done
  [ $# -gt 0 ] && shift && app=("$@")
  taskset -c 0 "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$WORK/bare/classes:$WORK/bare/BOOT-INF/lib/*" dev.skyport.bench.BareGateway \
    --server.port="$port" --management.server.port=-1 --spring.autoconfigure.exclude="${BARE_EXCLUDES%,}" \
    --spring.cloud.gateway.server.webflux.routes[0].id=bare \
    --spring.cloud.gateway.server.webflux.routes[0].uri="http://127.0.0.1:$BACKEND" \
    '--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/plain/**' "${app[@]}" > "$WORK/bare-$port.log" 2>&1 &
  echo $!
}
# The framework settings gateway-service ships with (application.yml, GatewayApplication): the tuned peer.
BARE_PID=$(start_bare "$BARE" -Dreactor.netty.ioWorkerCount="$(taskset -c 0 nproc)" -- \
  --spring.cloud.gateway.server.webflux.route-filter-cache-enabled=true --server.http2.enabled=false); PIDS+=("$BARE_PID")
UNTUNED_PID=$(start_bare "$UNTUNED"); PIDS+=("$UNTUNED_PID")
PROC=([scg-bare]=$BARE_PID [scg-untuned]=$UNTUNED_PID [gw-plain]=$GW_PID [gw-full]=$GW_PID [gw-full-norec]=$NOREC_PID)

# Paced runs use benchmarks/pace (C, built here now): wrk can only saturate, and Java load generators add their own
# milliseconds to a p99 (see docs/benchmarks.md).
../benchmarks/pace/pace.sh > /dev/null 2>&1 || true
paced() { # case rate -> "rate=... p50=... p99=..."
  local port=${URLS[$1]#http://127.0.0.1:}; local path="/${port#*/}"; port=${port%%/*}
  local requests="$WORK/$1.requests"; : > "$requests"
  if [[ "$1" = gw-full* ]]; then
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
for port in "$BARE" "$UNTUNED" "$NOREC"; do
  for _ in $(seq 1 90); do curl -fs -o /dev/null "http://127.0.0.1:$port/plain/x" && break; sleep 1; done
  curl -fs -o /dev/null "http://127.0.0.1:$port/plain/x" || { echo "the proxy on port $port did not start"; tail -30 "$WORK"/*-"$port".log; exit 1; }
done
PROC[nginx]="$(cat "$WORK/proxy/nginx.pid") $(pgrep -P "$(cat "$WORK/proxy/nginx.pid")" | tr '\n' ' ')"
declare -A URLS=( [direct]="http://127.0.0.1:$BACKEND/plain/x" [nginx]="http://127.0.0.1:$PROXY/plain/x"
                  [scg-untuned]="http://127.0.0.1:$UNTUNED/plain/x" [scg-bare]="http://127.0.0.1:$BARE/plain/x"
                  [gw-plain]="http://127.0.0.1:$GATEWAY/plain/x" [gw-full]="http://127.0.0.1:$GATEWAY/api/orders/bench"
                  [gw-full-norec]="http://127.0.0.1:$NOREC/api/orders/bench" )
CASES=(direct nginx scg-untuned scg-bare gw-plain gw-full gw-full-norec)
run_wrk() { # case duration -> wrk output
  local script=(); case $1 in gw-full*) script=(-s ../benchmarks/gateway/tokens.lua) ;; esac
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$2" --latency "${script[@]}" "${URLS[$1]}"
}
cpu_ticks() { # PIDs -> user+system clock ticks so far (read only)
  local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"
}
jit_ticks() { # PID -> user+system clock ticks of its JIT compiler threads so far (read only)
  local t=0 stat fields task
  for task in /proc/"$1"/task/*/stat; do
    stat=$(cat "$task" 2>/dev/null) || continue
    case $stat in *"(C1 CompilerThre)"*|*"(C2 CompilerThre)"*) ;; *) continue ;; esac
    read -r -a fields <<< "${stat##*) }"; t=$((t + fields[11] + fields[12]))
  done
  echo "$t"
}
settle() { # case seconds-per-run command... -> "extra-seconds jit-share": runs the command until the case's JIT
  # compiler threads used under 2 % of the core in one run, or for GW_SETTLE_MAX seconds
  local c=$1 seconds=$2 extra=0 before jit share; shift 2
  while :; do
    before=$(jit_ticks "${PROC[$c]}"); "$@" > /dev/null; jit=$(( $(jit_ticks "${PROC[$c]}") - before ))
    extra=$((extra + seconds))
    share=$(awk -v t="$jit" -v hz="$TICK" -v s="$seconds" 'BEGIN {printf "%.1f", 100 * t / hz / s}')
    awk -v s="$share" 'BEGIN {exit !(s < 2)}' || [ "$extra" -ge "$GW_SETTLE_MAX" ] && break
  done
  echo "$extra $share"
}
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
steal_ticks() { # core 0's (the proxy's) stolen and total clock ticks so far, from /proc/stat (read only)
  awk '$1 == "cpu0" {t = 0; for (i = 2; i <= NF; i++) t += $i; print $9, t}' /proc/stat
}
steal_pct() { # "stolen total" before and after -> percent of core 0's time the hypervisor gave to others
  awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " "); d = y[2] - x[2]
    printf "%.1f\n", (d > 0 ? 100 * (y[1] - x[1]) / d : 0)}'
}
range() { sort -g | sed -n '1p;$p' | paste -sd- -; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f%%", 100 * a / b}'; }
TICK=$(getconf CLK_TCK)

printf "machine: %s cores, %s, %s\n" "$(nproc)" "$(uname -r)" "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
printf "wrk -t1 -c%s -d%s --latency; warm-up %s per case (proxies in Java: %s), then %s rounds of every case in a rotating order\n" \
  "$CONNECTIONS" "$DURATION" "$WARMUP" "$GW_WARMUP" "$RUNS"
printf "proxy under test on core 0; wrk, the backend and Redis on core 1\n"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
printf "load average before: %s\n" "$LOAD_BEFORE"
for c in "${CASES[@]}"; do
  warm=$WARMUP; case $c in gw-*|scg-*) warm=$GW_WARMUP ;; esac
  run_wrk "$c" "$warm" > /dev/null
  case $c in gw-*|scg-*)
    read -r extra share < <(settle "$c" 10 run_wrk "$c" 10s)
    printf "warm-up %-14s %s + %s s, JIT compiler threads %s %% of the core in the last 10 s\n" "$c" "$warm" "$extra" "$share" ;;
  esac
  : > "$WORK/$c.rps"; : > "$WORK/$c.p50"; : > "$WORK/$c.p99"; : > "$WORK/$c.bad"; : > "$WORK/$c.cpu"; : > "$WORK/$c.load"
  : > "$WORK/$c.steal"; : > "$WORK/$c.jit"
done
for round in $(seq 1 "$RUNS"); do
  n=${#CASES[@]}
  for i in $(seq 0 $((n - 1))); do
    c=${CASES[$(( (i + round - 1) % n ))]}
    pids=(${PROC[$c]:-}); before=$([ ${#pids[@]} -gt 0 ] && cpu_ticks "${pids[@]}" || echo 0)
    jit_before=$(case $c in gw-*|scg-*) jit_ticks "${pids[0]}" ;; *) echo 0 ;; esac)
    stolen=$(steal_ticks)
    out=$(run_wrk "$c" "$DURATION")
    steal_pct "$stolen" "$(steal_ticks)" >> "$WORK/$c.steal"
    after=$([ ${#pids[@]} -gt 0 ] && cpu_ticks "${pids[@]}" || echo 0)
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$out" | awk '/Requests\/sec/ {print $2}' >> "$WORK/$c.rps"
    echo "$out" | awk '$1=="50%" {print $2}' | to_ms >> "$WORK/$c.p50"; echo >> "$WORK/$c.p50"
    echo "$out" | awk '$1=="99%" {print $2}' | to_ms >> "$WORK/$c.p99"; echo >> "$WORK/$c.p99"
    echo "$out" | awk '/Non-2xx/ {n=$5} END {print n+0}' >> "$WORK/$c.bad"
    [ ${#pids[@]} -gt 0 ] && awk -v t=$((after - before)) -v n="$requests" -v hz="$TICK" 'BEGIN {printf "%.0f\n", t / hz * 1e6 / n}' >> "$WORK/$c.cpu"
    case $c in gw-*|scg-*) awk -v t=$(( $(jit_ticks "${pids[0]}") - jit_before )) -v n="$requests" -v hz="$TICK" \
      'BEGIN {printf "%.0f\n", t / hz * 1e6 / n}' >> "$WORK/$c.jit" ;; esac
    cut -d' ' -f1 /proc/loadavg >> "$WORK/$c.load"
  done
done
BARE_RPS=$(median < "$WORK/scg-bare.rps")
printf "%-14s %10s %9s %8s %8s %8s %13s %10s %9s\n" case "req/s" "of bare" "p50 ms" "p99 ms" "non-2xx" "CPU µs/req" "load1" \
  "steal %"
for c in "${CASES[@]}"; do
  cpu=$(median < "$WORK/$c.cpu"); rps=$(median < "$WORK/$c.rps")
  printf "%-14s %10s %9s %8s %8s %8s %13s %10s %9s\n" "$c" "$rps" "$(pct "$rps" "$BARE_RPS")" "$(grep . "$WORK/$c.p50" | median)" \
    "$(grep . "$WORK/$c.p99" | median)" "$(awk '{s+=$1} END {print s}' "$WORK/$c.bad")" "${cpu:-n/a}" \
    "$(range < "$WORK/$c.load")" "$(range < "$WORK/$c.steal")"
done
printf "per round (req/s):\n"; for c in "${CASES[@]}"; do printf "  %-14s %s\n" "$c" "$(paste -sd' ' "$WORK/$c.rps")"; done
printf "per round (CPU µs/req):\n"
for c in "${CASES[@]}"; do [ -s "$WORK/$c.cpu" ] && printf "  %-14s %s\n" "$c" "$(paste -sd' ' "$WORK/$c.cpu")"; done
printf "per round (of which the JIT compiler threads, µs/req):\n"
for c in "${CASES[@]}"; do [ -s "$WORK/$c.jit" ] && printf "  %-14s %s\n" "$c" "$(paste -sd' ' "$WORK/$c.jit")"; done
printf "goals: gw-full %s of scg-bare (>= 70%%), gw-plain %s (>= 85%%); decision records: gw-full %s of gw-full-norec\n" \
  "$(pct "$(median < "$WORK/gw-full.rps")" "$BARE_RPS")" "$(pct "$(median < "$WORK/gw-plain.rps")" "$BARE_RPS")" \
  "$(pct "$(median < "$WORK/gw-full.rps")" "$(median < "$WORK/gw-full-norec.rps")")"
# CPU per request tells the same story with less noise from the rest of the machine: scg-bare's share of each.
printf "by CPU per request: scg-bare costs %s of gw-full's, %s of gw-plain's; gw-full-norec %s of gw-full's\n" \
  "$(pct "$(median < "$WORK/scg-bare.cpu")" "$(median < "$WORK/gw-full.cpu")")" \
  "$(pct "$(median < "$WORK/scg-bare.cpu")" "$(median < "$WORK/gw-plain.cpu")")" \
  "$(pct "$(median < "$WORK/gw-full-norec.cpu")" "$(median < "$WORK/gw-full.cpu")")"

# The charts in docs/images (README): medians per case, drawn by benchmarks/bench-chart (docs/benchmarks.md).
for c in "${CASES[@]}"; do
  echo "median,$c,$(median < "$WORK/$c.rps")"
done | ../benchmarks/bench-chart --name gateway-throughput --title "gateway-service: requests per second" \
    --y-axis "requests per second" --command "benchmarks/gateway/run.sh" --out ../docs/images \
    --note "wrk -t1 -c$CONNECTIONS -d$DURATION, median of $RUNS rounds after a $WARMUP warm-up (Java proxies: $GW_WARMUP)" \
    --note "load average before the run: $LOAD_BEFORE"
for c in "${CASES[@]}"; do
  echo "p50,$c,$(grep . "$WORK/$c.p50" | median)"
  echo "p99,$c,$(grep . "$WORK/$c.p99" | median)"
done | ../benchmarks/bench-chart --name gateway-latency --title "gateway-service: latency" --y-axis "ms" \
    --command "benchmarks/gateway/run.sh" --out ../docs/images --note "wrk --latency, medians of $RUNS rounds" \
    --note "load average before the run: $LOAD_BEFORE"

# Below saturation: every case paced at half of gw-full's maximum rate, RUNS rounds, medians reported; "added p99"
# is the case's median p99 over the direct call's.
HALF=$(awk '{printf "%d", $1 / 2}' <<< "$(median < "$WORK/gw-full.rps")")
printf "\npaced at %s req/s (half of gw-full's median maximum), %s connections, %s rounds of %s after 5 s each, medians:\n" \
  "$HALF" "$CONNECTIONS" "$RUNS" "$DURATION"
for c in "${CASES[@]}"; do : > "$WORK/$c.paced"; done
# Paced, a Java proxy runs other code paths than saturated (fewer requests per event-loop wake-up) and its JIT
# compiles again; a compile on the proxy's only core holds up every request due meanwhile. So each Java case is paced
# until its compilers are nearly idle, as in the saturating warm-up, before the measured rounds.
for c in "${CASES[@]}"; do
  case $c in gw-*|scg-*) ;; *) continue ;; esac
  seconds=$(( 5 + ${DURATION%s} ))
  read -r extra share < <(settle "$c" "$seconds" paced "$c" "$HALF")
  printf "paced warm-up %-14s %s s, JIT compiler threads %s %% of the core in the last %s s\n" "$c" "$extra" "$share" "$seconds"
done
for round in $(seq 1 "$RUNS"); do
  for i in $(seq 0 $((${#CASES[@]} - 1))); do
    c=${CASES[$(( (i + round - 1) % ${#CASES[@]} ))]}
    stolen=$(steal_ticks)
    result=$(paced "$c" "$HALF")
    echo "$result load1=$(cut -d' ' -f1 /proc/loadavg) steal=$(steal_pct "$stolen" "$(steal_ticks)")" >> "$WORK/$c.paced"
  done
done
col() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$WORK/$1.paced" | median; }
printf "%-14s %10s %10s %10s %10s %12s %10s %9s\n" case "req/s" "p50 ms" "p99 ms" "non-2xx" "added p99" "load1" "steal %"
for c in "${CASES[@]}"; do
  printf "%-14s %10s %10s %10s %10s %12s %10s %9s\n" "$c" "$(col "$c" rate)" "$(col "$c" p50)" "$(col "$c" p99)" \
    "$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' "$WORK/$c.paced" | awk '{s+=$1} END {print s}')" \
    "$(awk -v a="$(col "$c" p99)" -v b="$(col direct p99)" 'BEGIN {printf "%.2f", a - b}')" \
    "$(sed -n 's/.*load1=\([^ ]*\).*/\1/p' "$WORK/$c.paced" | range)" \
    "$(sed -n 's/.*steal=\([^ ]*\).*/\1/p' "$WORK/$c.paced" | range)"
done
printf "goal: gw-full adds %s ms of p99 more than scg-bare (<= 1 ms)\n" \
  "$(awk -v a="$(col gw-full p99)" -v b="$(col scg-bare p99)" 'BEGIN {printf "%.2f", a - b}')"

echo "gateway answers by status during the runs (access log):"
grep -o '"status":[0-9]*' "$WORK/gateway.log" | sort | uniq -c | sort -rn | head -5
echo "limited route (rate 100/s, burst 100 per IP), $DURATION:"
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$GATEWAY/limited/x" | awk '/Requests\/sec|Non-2xx|requests in/'
grep -c '"path":"/limited/x","route":"bench-limited","status":429' "$WORK/gateway.log" | sed 's/^/429 answers on the limited route: /'
