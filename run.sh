#!/usr/bin/env bash
# Starts the Skyport platform on its embedded defaults, in the foreground; Ctrl-C stops it.
# Today the platform is dynamo-engine (the services and the gateway join as they are built).
# Settings are the environment variables docker compose uses: DYNAMO_ENGINE_PORT (8000),
# DYNAMO_ENGINE_HOST (127.0.0.1), DYNAMO_ENGINE_DATA_DIR (.data/dynamo).
set -euo pipefail
cd "$(dirname "$0")"

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  echo "run.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2
  exit 1
fi

engine_jar=dynamo-engine/target/dynamo-engine.jar
if [[ ! -f "$engine_jar" ]]; then
  echo "run.sh: building $engine_jar ..."
  ./mvnw -B -q -ntp -pl dynamo-engine package -DskipTests
fi

export DYNAMO_ENGINE_PORT="${DYNAMO_ENGINE_PORT:-8000}"
export DYNAMO_ENGINE_HOST="${DYNAMO_ENGINE_HOST:-127.0.0.1}"
export DYNAMO_ENGINE_DATA_DIR="${DYNAMO_ENGINE_DATA_DIR:-.data/dynamo}"
if (exec 3<>"/dev/tcp/127.0.0.1/$DYNAMO_ENGINE_PORT") 2>/dev/null; then
  echo "run.sh: port $DYNAMO_ENGINE_PORT is taken (is Skyport already running?); set DYNAMO_ENGINE_PORT" >&2
  exit 1
fi
mkdir -p "$DYNAMO_ENGINE_DATA_DIR"
echo "run.sh: dynamo-engine on http://127.0.0.1:$DYNAMO_ENGINE_PORT, data in $DYNAMO_ENGINE_DATA_DIR (Ctrl-C stops)"
# A class-data-sharing archive, written on the first run and mapped afterwards, halves start-up.
exec "$JAVA" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=dynamo-engine/target/dynamo-engine.jsa \
  -jar "$engine_jar"
