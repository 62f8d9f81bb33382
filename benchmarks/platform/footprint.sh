#!/usr/bin/env bash
# How light and how fast from its first minute the platform is on ./run.sh's defaults (docs/benchmarks.md):
#
#   benchmarks/platform/footprint.sh [--warm S] [--rate R] [--keep]
#
# Starts ./run.sh cold (new processes, an empty engine) on free ports, waits until it is up, plays the README
# walkthrough through the gateway (sign up, a token by authorization code + PKCE through the login form, the user,
# an order, the list), then paces order creations through the gateway with that token (benchmarks/pace: latency
# counted from when each request was due): the first 200 at R/s (40), then S seconds (60) more at the same rate.
# Prints p50/p99/max of each, then every process's RSS (VmRSS of /proc/PID/status) and the total, each figure with
# the machine's load average. Stops everything it started; writes only under a temporary directory (its path is
# printed, with run.sh's log) and what run.sh itself keeps under target/; --keep leaves the platform up after the
# figures until Ctrl-C (to look at the processes, e.g. with jcmd). Needs curl, openssl and a C compiler (benchmarks/pace).
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=40 first=200 warm=60 connections=8 keep=0
while (($#)); do
  case "$1" in
    --warm) warm="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "footprint.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for tool in curl openssl; do
  command -v "$tool" > /dev/null || { echo "footprint.sh: needs $tool" >&2; exit 2; }
done
benchmarks/pace/pace.sh > /dev/null 2>&1 || true   # builds it; without arguments it only prints its usage
[[ -x benchmarks/pace/target/pace ]] || { echo "footprint.sh: benchmarks/pace did not build (a C compiler?)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/skyport-footprint.XXXXXX")"
say() { printf 'footprint: %s\n' "$*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Seven free loopback ports: the engine, and a server and a management port for each service.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=()
candidate=$((20000 + RANDOM % 20000))
while ((${#ports[@]} < 7)); do
  listening "$candidate" || ports+=("$candidate")
  candidate=$((candidate + 1))
done
export DYNAMO_ENGINE_PORT=${ports[0]} USERS_PORT=${ports[1]} USERS_MANAGEMENT_PORT=${ports[2]} \
  ORDERS_PORT=${ports[3]} ORDERS_MANAGEMENT_PORT=${ports[4]} GATEWAY_PORT=${ports[5]} GATEWAY_MANAGEMENT_PORT=${ports[6]}
export SKYPORT_RUN_DIR="$work/run" DYNAMO_ENGINE_DATA_DIR="$work/dynamo"
unset REDIS_URL SKYPORT_ISSUER_URI
gateway="http://localhost:$GATEWAY_PORT"

# ---- a cold platform ----------------------------------------------------------------------------------------------
./run.sh > "$work/run.log" 2>&1 &
run_pid=$!
stop() {
  if kill -0 "$run_pid" 2>/dev/null; then
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started=$SECONDS
say "starting ./run.sh (log: $work/run.log), load $(load)"
until grep -q 'run.sh: Skyport is up' "$work/run.log"; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    tail -30 "$work/run.log" >&2
    say "run.sh ended before the platform was up" >&2
    exit 1
  fi
  sleep 0.5
done
say "up in $((SECONDS - started)) s (run.sh's start until every service is ready), load $(load)"

# ---- the README walkthrough ---------------------------------------------------------------------------------------
fail() { say "$*" >&2; exit 1; }
email="footprint-$RANDOM$RANDOM@example.com" password="Footprint-password-$RANDOM"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$gateway/api/users" -H 'Content-Type: application/json' \
  -d "{\"email\": \"$email\", \"password\": \"$password\", \"name\": \"Footprint\"}")"
[[ "$status" == 202 ]] || fail "sign-up answered $status"

# A token as the CLI client gets it (authorization code + PKCE), the browser's part played with curl and a cookie jar.
jar="$work/cookies" client=skyport-cli redirect=http://127.0.0.1:8765/callback
verifier="$(openssl rand -hex 32)"
challenge="$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')"
browse() {   # GET or POST through the gateway without following redirects; prints "status redirect-url"
  curl -s -b "$jar" -c "$jar" -o "$work/page.html" -w '%{http_code} %{redirect_url}\n' "$@"
}
read -r status next < <(browse "$gateway/oauth2/authorize?response_type=code&client_id=$client&scope=profile+orders:read+orders:write&state=footprint&redirect_uri=$redirect&code_challenge=$challenge&code_challenge_method=S256")
[[ "$status" == 302 ]] || fail "authorize answered $status"
read -r status _ < <(browse "$next")
csrf="$(grep -o 'name="_csrf"[^>]*value="[^"]*"' "$work/page.html" | sed 's/.*value="//; s/"$//' | head -1)"
[[ "$status" == 200 && -n "$csrf" ]] || fail "the login page answered $status without a CSRF token"
read -r status next < <(browse -X POST "$gateway/login" --data-urlencode "username=$email" \
  --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf")
[[ "$status" == 302 ]] || fail "login answered $status"
for _ in 1 2 3; do   # back to the authorize endpoint, then to the client's loopback redirect with the code
  [[ "$next" == "$redirect"* ]] && break
  read -r status next < <(browse "$next")
done
code="$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<< "$next")"
[[ -n "$code" ]] || fail "no authorization code after login (last: $status $next)"
token="$(curl -s -X POST "$gateway/oauth2/token" -d grant_type=authorization_code -d "code=$code" \
  -d "redirect_uri=$redirect" -d "client_id=$client" -d "code_verifier=$verifier" |
  sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')"
[[ -n "$token" ]] || fail "the token endpoint gave no access token"

order='{"lines": [{"sku": "SKU-1", "quantity": 2, "unitPrice": {"amount": "9.99", "currency": "EUR"}}], "shippingAddress": {"name": "Demo User", "line1": "1 Main Street", "city": "Berlin", "postalCode": "10115", "country": "DE"}}'
expect() {   # expect STATUS curl-arguments...
  local want="$1" got
  shift
  got="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$@")"
  [[ "$got" == "$want" ]] || fail "$* answered $got, not $want"
}
expect 200 "$gateway/api/users/me"
expect 201 -X POST "$gateway/api/orders" -H 'Content-Type: application/json' -H 'Idempotency-Key: my-first-order' -d "$order"
expect 201 -X POST "$gateway/api/orders" -H 'Content-Type: application/json' -H 'Idempotency-Key: my-first-order' -d "$order"
expect 200 "$gateway/api/orders?limit=10"
say "README walkthrough done (sign-up, login, token, /api/users/me, an order twice, the list) $((SECONDS - started)) s after start"

# ---- paced order creations ----------------------------------------------------------------------------------------
requests() {   # requests FILE PREFIX COUNT: COUNT order creations, each with its own Idempotency-Key
  local i
  for ((i = 0; i < $3; i++)); do
    printf 'POST /api/orders HTTP/1.1\r\nHost: localhost:%s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nIdempotency-Key: %s-%d\r\nContent-Length: %d\r\n\r\n%s' \
      "$GATEWAY_PORT" "$token" "$2" "$i" "${#order}" "$order"
  done > "$1"
}
requests "$work/first.http" first "$first"
requests "$work/warm.http" warm $((rate * warm + rate))
seconds="$(awk "BEGIN { print $first / $rate }")"
cpu() {   # CPU seconds (user + system) each process has used so far, "name=seconds ..."
  local pid_file
  for pid_file in "$SKYPORT_RUN_DIR"/*.pid; do
    awk -v name="$(basename "$pid_file" .pid)" -v tick="$(getconf CLK_TCK)" \
      '{ sub(/^.*\) /, ""); printf "%s=%.2f ", name, ($12 + $13) / tick }' "/proc/$(<"$pid_file")/stat"
  done
}
cpu_before="$(cpu)" load_first="$(load)"
result_first="$(benchmarks/pace/target/pace "$GATEWAY_PORT" "$work/first.http" "$rate" "$connections" 0 "$seconds")"
cpu_first="$(cpu)" load_warm="$(load)"
result_warm="$(benchmarks/pace/target/pace "$GATEWAY_PORT" "$work/warm.http" "$rate" "$connections" 0 "$warm")"
cpu_warm="$(cpu)"

# ---- resident memory ----------------------------------------------------------------------------------------------
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2"; }
echo
printf '%-44s %8s %8s %8s %8s  %s\n' "order creations through the gateway (ms)" p50 p99 max non2xx "load (1/5/15 min)"
for run in first warm; do
  result_var="result_$run" load_var="load_$run"
  label="first $first at $rate/s (cold)"
  [[ $run == warm ]] && label="then $warm s at $rate/s (warm)"
  printf '%-44s %8s %8s %8s %8s  %s\n' "$label" "$(field p50 "${!result_var}")" "$(field p99 "${!result_var}")" \
    "$(field max "${!result_var}")" "$(field non2xx "${!result_var}")" "${!load_var}"
done
echo
printf '%-44s %8s %14s %14s  %s\n' "resident memory (VmRSS) and CPU" MB "CPU s, first" "CPU s, warm" "load (1/5/15 min)"
total=0
for pid_file in "$SKYPORT_RUN_DIR"/*.pid; do
  service="$(basename "$pid_file" .pid)"
  kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$(<"$pid_file")/status")"
  total=$((total + kb))
  printf '%-44s %8d %14s %14s  %s\n' "$service" $((kb / 1024)) \
    "$(awk "BEGIN { print $(field "$service" "$cpu_first") - $(field "$service" "$cpu_before") }")" \
    "$(awk "BEGIN { print $(field "$service" "$cpu_warm") - $(field "$service" "$cpu_first") }")" "$(load)"
done
printf '%-44s %8d %14s %14s  %s\n' total $((total / 1024)) "" "" "$(load)"
if ((keep)); then
  say "the platform stays up (gateway $gateway, pids in $SKYPORT_RUN_DIR); Ctrl-C stops it"
  wait "$run_pid" || true
fi
