#!/usr/bin/env bash
# users-service benchmark: start-up time and RSS after start of the runnable jar, then token endpoint
# throughput for the client-credentials grant. Starts its own dynamo-engine (in memory) and users-service on
# free ports, prints figures, stops both. Usage: benchmarks/users/run-benchmark.sh [concurrency] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
concurrency="${1:-8}"
seconds="${2:-20}"

[[ -f dynamo-engine/target/dynamo-engine.jar ]] || ./mvnw -B -q -ntp -pl dynamo-engine package -DskipTests
[[ -f users-service/target/users-service.jar ]] || ./mvnw -B -q -ntp -pl users-service -am package -DskipTests

free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
engine_port=$(free_port); app_port=$(free_port); mgmt_port=$(free_port)
work=$(mktemp -d)
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [[ -n "${engine_pid:-}" ]] && kill "$engine_pid" 2>/dev/null && wait "$engine_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$JAVA" -jar dynamo-engine/target/dynamo-engine.jar --port "$engine_port" --in-memory >"$work/engine.log" 2>&1 &
engine_pid=$!
until curl -sf "http://127.0.0.1:$engine_port/" >/dev/null; do sleep 0.2; done

# Not the local profile (no seeded users), so the shipped local secrets would be refused: random ones.
export SKYPORT_SERVICE_CLIENT_SECRET="${SKYPORT_SERVICE_CLIENT_SECRET:-bench-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}"
export SKYPORT_CURSOR_SECRET="${SKYPORT_CURSOR_SECRET:-bench-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}"
start_ns=$(date +%s%N)
SERVER_PORT=$app_port MANAGEMENT_PORT=$mgmt_port DYNAMODB_ENDPOINT="http://127.0.0.1:$engine_port" \
  SKYPORT_CREATE_TABLES=true SKYPORT_TABLE_PREFIX=bench- \
  "$JAVA" -jar users-service/target/users-service.jar >"$work/users.log" 2>&1 &
app_pid=$!
until curl -sf "http://127.0.0.1:$mgmt_port/actuator/health/readiness" >/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || { echo "users-service died:"; tail -50 "$work/users.log"; exit 1; }
  sleep 0.1
done
ready_ns=$(date +%s%N)
sleep 2
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
started=$(grep -o 'Started UsersApplication in [0-9.]* seconds[^"]*' "$work/users.log" | head -1 || true)

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)"
echo "users-service start-up, launch to readiness UP: $(( (ready_ns - start_ns) / 1000000 )) ms ($started)"
echo "users-service RSS 2 s after readiness: $(( rss_kb / 1024 )) MiB"
"$JAVA" benchmarks/users/TokenEndpointBenchmark.java "http://127.0.0.1:$app_port" skyport-service \
  "$SKYPORT_SERVICE_CLIENT_SECRET" "$concurrency" "$seconds" 5
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
echo "users-service RSS after the run: $(( rss_kb / 1024 )) MiB"
