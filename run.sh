#!/usr/bin/env bash
# Starts the Skyport platform on its embedded defaults, in the foreground, as separate processes: the engine and
# every Spring Boot module of the reactor. Ctrl-C (or TERM) stops all of it.
#
#   ./run.sh                   the whole platform (builds the jars that are missing first)
#   ./run.sh orders-service    only the named services, next to a platform that already runs
#                              (e.g. to bring one service back after stopping it)
#   ./run.sh --list            what it starts, in order, with each port's variable and value
#
# Services get the environment variables of docs/configuration.md, the same ones docker compose sets.
# Every port, URL and path can be changed by environment variable: see docs/local-platform.md.
set -euo pipefail
# Started in the background by a non-interactive shell (CI, nohup, `./run.sh > run.log &`), bash inherits SIGINT
# ignored and cannot trap it: INT to the process group would then stop nothing. Start again with INT restored.
if [[ "$(trap -p INT)" == "trap -- '' SIGINT" ]] && env --default-signal=INT true 2>/dev/null; then
  exec env --default-signal=INT "$BASH" "$0" "$@"
fi
cd "$(dirname "$0")"

say() { printf 'run.sh: %s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---- the platform, derived from the reactor ------------------------------------------------------------
# The engine (a plain jar, started first), then every module of the root pom.xml whose pom builds a Spring Boot jar
# (spring-boot-maven-plugin), the edge last. A service's ports are the defaults its application.yml gives SERVER_PORT
# and MANAGEMENT_PORT, changeable as <NAME>_PORT and <NAME>_MANAGEMENT_PORT (orders-service: ORDERS_PORT); its URL
# is exported as <NAME>_SERVICE_URL (ORDERS_SERVICE_URL) for the others to call. ./run.sh --list prints the result.
ENGINE=dynamo-engine     # the plain-jar DynamoDB engine
EDGE=gateway-service     # the service that is the public API
ALL_SERVICES=("$ENGINE")
declare -A KIND=([$ENGINE]=engine) PORT_VARIABLE=([$ENGINE]=DYNAMO_ENGINE_PORT) MANAGEMENT_VARIABLE=() \
  READY_PATH=([$ENGINE]=/)
DYNAMO_ENGINE_PORT="${DYNAMO_ENGINE_PORT:-8000}"
default_port() {   # the default of ${VARIABLE:port} in a module's application.yml
  sed -n "/\${$2:[0-9]/{s/.*\${$2:\([0-9][0-9]*\)}.*/\1/p;q}" "$1/src/main/resources/application.yml" 2>/dev/null || true
}
services=()
for module in $(sed -n 's|^[[:space:]]*<module>\([^<]*\)</module>.*|\1|p' pom.xml); do
  if [[ "$module" != "$EDGE" ]] && grep -q '<artifactId>spring-boot-maven-plugin</artifactId>' "$module/pom.xml" 2>/dev/null; then
    services+=("$module")
  fi
done
for name in "${services[@]}" "$EDGE"; do
  ALL_SERVICES+=("$name")
  KIND[$name]=service; [[ "$name" == "$EDGE" ]] && KIND[$name]=edge
  READY_PATH[$name]=/actuator/health/readiness
  prefix="${name%-service}"; prefix="${prefix^^}"; prefix="${prefix//-/_}"
  PORT_VARIABLE[$name]="${prefix}_PORT"; MANAGEMENT_VARIABLE[$name]="${prefix}_MANAGEMENT_PORT"
  for variable in SERVER_PORT MANAGEMENT_PORT; do
    port="$(default_port "$name" "$variable")"
    [[ -n "$port" ]] || die "$name/src/main/resources/application.yml gives $variable no default (\${$variable:<port>}; docs/adding-a-service.md)"
    launcher_variable="${PORT_VARIABLE[$name]}"; [[ "$variable" == MANAGEMENT_PORT ]] && launcher_variable="${MANAGEMENT_VARIABLE[$name]}"
    printf -v "$launcher_variable" '%s' "${!launcher_variable:-$port}"   # the caller's value, else the default
  done
done

# ---- settings (launcher-only variables; the services read the ones exported below) -----------------
DYNAMO_ENGINE_HOST="${DYNAMO_ENGINE_HOST:-127.0.0.1}"
DYNAMO_ENGINE_DATA_DIR="${DYNAMO_ENGINE_DATA_DIR:-.data/dynamo}"
RUN_DIR="${SKYPORT_RUN_DIR:-.data/run}"
START_TIMEOUT="${SKYPORT_START_TIMEOUT:-300}"   # seconds a service may take to become ready
STOP_TIMEOUT="${SKYPORT_STOP_TIMEOUT:-60}"      # seconds the whole stop may take; what still runs then is killed
read -r -a JAVA_OPTS_ARRAY <<< "${JAVA_OPTS:-}"
# JVM sizing for a laptop, measured with benchmarks/platform/footprint.sh (docs/deployment.md, "Sizing"): for every
# process, then for the Spring services (their -Xms wins). JAVA_OPTS comes after both and overrides them.
PROCESS_JAVA_OPTS=(-XX:TieredStopAtLevel=1 -Xms32m -XX:TrimNativeHeapInterval=5000)
SERVICE_JAVA_OPTS=(-Xms96m -Xmx128m -Xmn24m)

# The contract of docs/configuration.md; each can be overridden from the caller's environment.
export DYNAMO_ENGINE_PORT DYNAMO_ENGINE_HOST DYNAMO_ENGINE_DATA_DIR
export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-local}"
server_port() { echo "${!PORT_VARIABLE[$1]}"; }
management_port() { [[ -n "${MANAGEMENT_VARIABLE[$1]:-}" ]] && echo "${!MANAGEMENT_VARIABLE[$1]}" || true; }
for service in "${ALL_SERVICES[@]}"; do
  [[ "${KIND[$service]}" == engine ]] && continue
  url_variable="${service^^}_URL"; url_variable="${url_variable//-/_}"
  export "$url_variable"="${!url_variable:-http://localhost:$(server_port "$service")}"
done
export SKYPORT_ISSUER_URI="${SKYPORT_ISSUER_URI:-http://localhost:$(server_port "$EDGE")}"
export SKYPORT_JWK_SET_URI="${SKYPORT_JWK_SET_URI:-$USERS_SERVICE_URL/oauth2/jwks}"
export DYNAMODB_ENDPOINT="${DYNAMODB_ENDPOINT:-http://localhost:$(server_port "$ENGINE")}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export SKYPORT_TABLE_PREFIX="${SKYPORT_TABLE_PREFIX:-local-}"
export SKYPORT_CREATE_TABLES="${SKYPORT_CREATE_TABLES:-true}"
export SKYPORT_CURSOR_SECRET="${SKYPORT_CURSOR_SECRET:-local-cursor-secret-not-for-production}"
export SKYPORT_SERVICE_CLIENT_SECRET="${SKYPORT_SERVICE_CLIENT_SECRET:-local-service-secret}"
# REDIS_URL and OTEL_EXPORTER_OTLP_ENDPOINT pass through when set; unset means in-memory rate limits
# and tickets, and no trace export.

jar_of() { echo "$1/target/$1.jar"; }
port_variable() {   # the launcher variable that sets a port, for messages
  [[ "$2" == server ]] && echo "${PORT_VARIABLE[$1]}" || echo "${MANAGEMENT_VARIABLE[$1]:-}"
}

# ---- which services -----------------------------------------------------------------------------------
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,11s/^# \{0,1\}//p' "$0"
  exit 0
fi
if [[ "${1:-}" == --list ]]; then
  for name in "${ALL_SERVICES[@]}"; do
    management=-
    [[ -n "${MANAGEMENT_VARIABLE[$name]:-}" ]] && management="${MANAGEMENT_VARIABLE[$name]}=$(management_port "$name")"
    printf '%-18s %-8s %-26s %-34s %s\n' "$name" "${KIND[$name]}" "${PORT_VARIABLE[$name]}=$(server_port "$name")" \
      "$management" "${READY_PATH[$name]}"
  done
  exit 0
fi
[[ "$STOP_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "SKYPORT_STOP_TIMEOUT='$STOP_TIMEOUT' is not a whole number of seconds"
SERVICES=()
if (($# == 0)); then
  SERVICES=("${ALL_SERVICES[@]}")
else
  for wanted in "${ALL_SERVICES[@]}"; do   # keep the start order whatever the argument order
    for arg in "$@"; do [[ "$arg" == "$wanted" ]] && SERVICES+=("$wanted"); done
  done
  for arg in "$@"; do
    [[ " ${ALL_SERVICES[*]} " == *" $arg "* ]] || die "unknown service '$arg' (one of: ${ALL_SERVICES[*]})"
  done
fi

# ---- checks before anything starts --------------------------------------------------------------------
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  die "needs a JDK 21 or newer (set JAVA_HOME)"
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$RUN_DIR"
for service in "${SERVICES[@]}"; do
  pid_file="$RUN_DIR/$service.pid"
  if [[ -f "$pid_file" ]]; then
    pid="$(<"$pid_file")"
    if kill -0 "$pid" 2>/dev/null && ps -o args= -p "$pid" 2>/dev/null | grep -qE "$service/target/(run/)?$service\.jar"; then
      die "Skyport is already running: $service has pid $pid ($pid_file). Stop it with Ctrl-C in its terminal (or kill $pid), or start a second platform on other ports (docs/local-platform.md)."
    fi
    rm -f "$pid_file"   # left by a run that was killed
  fi
done

declare -A port_owner=()
for service in "${SERVICES[@]}"; do
  for kind in server management; do
    port="$([[ $kind == server ]] && server_port "$service" || management_port "$service")"
    [[ -n "$port" ]] || continue
    variable="$(port_variable "$service" "$kind")"
    [[ "$port" =~ ^[0-9]+$ ]] || die "$variable='$port' is not a port number"
    [[ -z "${port_owner[$port]:-}" ]] || die "port $port is set for both ${port_owner[$port]} and $service"
    port_owner[$port]="$service"
    if listening "$port"; then
      die "port $port ($service, $variable) is taken by another program. Is Skyport already running? Otherwise stop that program or choose another port: $variable=<free port> ./run.sh (docs/local-platform.md)"
    fi
  done
done

if [[ " ${SERVICES[*]} " != *" $ENGINE "* ]] && ! listening "$(server_port "$ENGINE")"; then
  die "no $ENGINE answers on port $(server_port "$ENGINE"): start the whole platform with ./run.sh first"
fi

if [[ -n "${REDIS_URL:-}" && " ${SERVICES[*]} " == *" $EDGE "* ]]; then
  # redis://[user:password@]host[:port][/db]; the password is never printed.
  redis_address="${REDIS_URL#*://}"; redis_address="${redis_address##*@}"; redis_address="${redis_address%%/*}"
  redis_host="${redis_address%%:*}"; redis_port="${redis_address##*:}"
  [[ "$redis_port" == "$redis_address" ]] && redis_port=6379
  if ! (exec 3<>"/dev/tcp/$redis_host/$redis_port") 2>/dev/null; then
    die "REDIS_URL is set but nothing answers on $redis_host:$redis_port; start Redis or unset REDIS_URL (in-memory rate limits)"
  fi
fi

# ---- build what is missing ----------------------------------------------------------------------------
missing=()
for service in "${SERVICES[@]}"; do
  [[ -f "$(jar_of "$service")" ]] || missing+=("$service")
done
if ((${#missing[@]})); then
  say "building ${missing[*]} (only what is missing; a few minutes the first time) ..."
  ./mvnw -B -q -ntp -pl "$(IFS=,; echo "${missing[*]}")" -am package -DskipTests
fi

# Spring Boot services run from their extracted form (java -Djarmode=tools ... extract): application and
# library classes then load from plain jars, which the class-data-sharing archive below can hold, and
# start-up takes about half as long. Extracted again whenever the jar is newer.
run_jar() {
  local service="$1" jar dir
  jar="$(jar_of "$service")"
  [[ "${KIND[$service]}" == engine ]] && { echo "$jar"; return; }
  dir="$service/target/run"
  if [[ ! -f "$dir/.extracted" || "$jar" -nt "$dir/.extracted" ]]; then
    rm -rf "$dir"
    "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" > /dev/null || die "could not extract $jar"
    touch "$dir/.extracted"
  fi
  echo "$dir/$service.jar"
}
declare -A RUN_JARS=()
for service in "${SERVICES[@]}"; do
  RUN_JARS[$service]="$(run_jar "$service")"
done

# ---- start, watch, stop -------------------------------------------------------------------------------
set -m   # every service in its own process group: a forced stop takes the whole group
declare -A PIDS=() PREFIXERS=()

if [[ -t 1 ]]; then
  colors=(36 35 33 32)
else
  colors=()
fi
prefix() {   # prefix every log line with the service's name (colored on a terminal)
  local label
  trap '' INT TERM HUP   # a signal to the process group must not cut the last lines; the pipe's end stops it
  label="$(printf '%-15s |' "$1")"
  [[ -n "${2:-}" ]] && label=$'\e['"$2"'m'"$label"$'\e[0m'
  while IFS= read -r line || [[ -n "$line" ]]; do printf '%s %s\n' "$label" "$line"; done
}

start() {
  local service="$1" index="$2" jar archive
  jar="${RUN_JARS[$service]}"
  # A class-data-sharing archive, written on the first run and mapped afterwards, shortens start-up.
  archive="$service/target/$service.jsa"
  # One older than what it was made from (a rebuilt jar, extracted again) is deleted: the JVM neither used nor
  # rewrote such an archive, and the process ran about 65 MB larger with it. Without one, it is written on stop.
  local made_from="$jar"
  [[ "${KIND[$service]}" != engine ]] && made_from="$service/target/run/.extracted"
  if [[ -f "$archive" && "$made_from" -nt "$archive" ]]; then
    rm -f "$archive"
  fi
  # Two malloc arenas instead of eight per core: the JVM's native allocations (JIT, class loading) fragment less.
  local -a env_for=(MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}") options=("${PROCESS_JAVA_OPTS[@]}" "${JAVA_OPTS_ARRAY[@]}")
  if [[ "${KIND[$service]}" != engine ]]; then
    options=("${PROCESS_JAVA_OPTS[@]}" "${SERVICE_JAVA_OPTS[@]}" "${JAVA_OPTS_ARRAY[@]}")
    env_for+=(SERVER_PORT="$(server_port "$service")" MANAGEMENT_PORT="$(management_port "$service")")
    # While the engine records access (DYNAMO_ENGINE_RECORD_ACCESS), each service signs with its own name as its
    # access key id, so that the record tells the services apart (DerivedPermissionsIT derives IAM roles from it).
    if [[ -n "${DYNAMO_ENGINE_RECORD_ACCESS:-}" ]]; then
      env_for+=(AWS_ACCESS_KEY_ID="$service" AWS_SECRET_ACCESS_KEY=local-any-signature-is-accepted)
    fi
  fi
  local log
  exec {log}> >(prefix "$service" "${colors[$index]:-}")
  PREFIXERS[$service]=$!   # waited for on stop, so that no log line and no process outlives run.sh
  env "${env_for[@]}" "$JAVA" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+AutoCreateSharedArchive \
    -XX:SharedArchiveFile="$archive" "${options[@]}" -jar "$jar" >&"$log" 2>&1 < /dev/null &
  PIDS[$service]=$!
  exec {log}>&-
  echo "${PIDS[$service]}" > "$RUN_DIR/$service.pid"
}

# One GET over bash's /dev/tcp, so a laptop with only a JDK needs no curl: 0 when the answer is 200.
http_ok() {
  local status
  status="$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 5 _ code _ <&3 && echo "$code"
  )" 2>/dev/null || return 1
  [[ "$status" == 200 ]]
}

wait_ready() {
  local service="$1" deadline=$((SECONDS + START_TIMEOUT)) port path="${READY_PATH[$1]}"
  port="$(management_port "$service")"
  [[ -n "$port" ]] || port="$(server_port "$service")"
  until http_ok "$port" "$path"; do
    if ! kill -0 "${PIDS[$service]}" 2>/dev/null; then
      wait "${PIDS[$service]}" && code=0 || code=$?
      forget "$service"
      die "$service exited (code $code) before it was ready; its log is above"
    fi
    ((SECONDS < deadline)) || die "$service was not ready after ${START_TIMEOUT}s (http://127.0.0.1:$port$path); its log is above"
    sleep 0.5
  done
  say "$service is ready"
}

stop() {   # TERM the given services together, then wait; KILL their process groups at the deadline ($1, SECONDS)
  local deadline="$1" service pid
  shift
  for service in "$@"; do
    pid="${PIDS[$service]:-}"
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  for service in "$@"; do
    pid="${PIDS[$service]:-}"
    [[ -n "$pid" ]] || continue
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$service did not stop in time (SKYPORT_STOP_TIMEOUT=${STOP_TIMEOUT}s); killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    forget "$service" "$deadline"
  done
}

forget() {   # after a service's process has exited: its last log lines (until the deadline $2), its pid file
  local prefixer="${PREFIXERS[$1]:-}" deadline="${2:-}"
  if [[ -n "$prefixer" && -n "$deadline" ]]; then
    # The prefixer ends when the service's output closes; a process that still holds it must not hold run.sh.
    while kill -0 "$prefixer" 2>/dev/null && ((SECONDS < deadline + 2)); do sleep 0.1; done
    kill -KILL "$prefixer" 2>/dev/null || true
  fi
  [[ -n "$prefixer" ]] && { wait "$prefixer" 2>/dev/null || true; }
  unset 'PIDS[$1]' 'PREFIXERS[$1]'
  rm -f "$RUN_DIR/$1.pid"
}

stopping=0
stop_all() {
  ((stopping)) && return
  stopping=1
  trap '' INT TERM
  if ((${#PIDS[@]})); then
    say "stopping ${!PIDS[*]} ..."
    # The edge and the services first, the engine last, so nothing loses its database while draining.
    local -a services=()
    for ((i = ${#ALL_SERVICES[@]} - 1; i >= 0; i--)); do
      service="${ALL_SERVICES[$i]}"
      [[ "${KIND[$service]}" != engine && -n "${PIDS[$service]:-}" ]] && services+=("$service")
    done
    # One deadline for the whole stop: the services get three quarters of it, the engine the rest.
    local start=$SECONDS engine_share=$(( STOP_TIMEOUT / 4 > 1 ? STOP_TIMEOUT / 4 : 1 ))
    ((${#services[@]})) && stop $((start + STOP_TIMEOUT - engine_share)) "${services[@]}"
    [[ -n "${PIDS[$ENGINE]:-}" ]] && stop $((start + STOP_TIMEOUT)) "$ENGINE"
    say "stopped"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

mkdir -p "$DYNAMO_ENGINE_DATA_DIR"
if [[ " ${SERVICES[*]} " == *" $ENGINE "* ]]; then
  start "$ENGINE" 0
  wait_ready "$ENGINE"
fi
# The services need only the engine to start (keys and tokens are fetched on first use), so they start
# together and the platform is up when the slowest one is.
for service in "${SERVICES[@]}"; do
  [[ "$service" == "$ENGINE" ]] && continue
  for i in "${!ALL_SERVICES[@]}"; do [[ "${ALL_SERVICES[$i]}" == "$service" ]] && start "$service" "$i"; done
done
for service in "${SERVICES[@]}"; do
  [[ "$service" == "$ENGINE" ]] || wait_ready "$service"
done

describe() {
  case "${KIND[$1]}" in
    edge)    printf '  %-26s %s   (management :%s)\n' "gateway (the public API)" "$SKYPORT_ISSUER_URI" "$(management_port "$1")"
             echo "  API reference              $SKYPORT_ISSUER_URI/docs"
             if [[ -n "${REDIS_URL:-}" ]]; then
               echo "  rate limits and tickets    in Redis (REDIS_URL)"
             else
               echo "  rate limits and tickets    in memory (set REDIS_URL to keep them in Redis)"
             fi ;;
    service) printf '  %-26s %s   (management :%s)\n' "$1 (internal)" "http://localhost:$(server_port "$1")" "$(management_port "$1")" ;;
    engine)  printf '  %-26s %s   (data in %s)\n' "$1" "http://$DYNAMO_ENGINE_HOST:$(server_port "$1")" "$DYNAMO_ENGINE_DATA_DIR" ;;
  esac
}
{
  echo
  if ((${#SERVICES[@]} == ${#ALL_SERVICES[@]})); then
    say "Skyport is up"
  else
    say "started ${SERVICES[*]}"
  fi
  for ((i = ${#ALL_SERVICES[@]} - 1; i >= 0; i--)); do
    [[ -n "${PIDS[${ALL_SERVICES[$i]}]:-}" ]] && describe "${ALL_SERVICES[$i]}"
  done
  if [[ -n "${PIDS[$EDGE]:-}" ]]; then
    echo "  get a token                eval \"\$(SKYPORT_URL=$SKYPORT_ISSUER_URI bin/skyport-login)\""
    echo "                             (demo@skyport.local / Demo-password-1, admin@skyport.local / Admin-password-1)"
  fi
  echo "  Ctrl-C stops everything."
  echo
}

# Watch: a service that exits is reported and the others keep running, so one service can be stopped
# and brought back with ./run.sh <service> (the gateway answers 503 for it meanwhile).
while ((${#PIDS[@]})); do
  pids=()
  for service in "${!PIDS[@]}"; do pids+=("${PIDS[$service]}"); done
  wait -n "${pids[@]}" 2>/dev/null || true
  for service in "${!PIDS[@]}"; do
    pid="${PIDS[$service]}"
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null && code=0 || code=$?
      forget "$service"
      say "$service stopped (exit code $code); the others keep running. Bring it back with: ./run.sh $service"
    fi
  done
done
say "every service has stopped"
