# Sourced by the Java benchmarks' scripts (benchmarks/engine/bench.sh, benchmarks/orders/bench.sh) from the project
# root: sets JAVA (JDK 21+: JAVA_HOME, else the machine's Temurin 25) and classpath (the benchmarks module's classes
# and dependencies), building the module and what it needs first unless BENCH_SKIP_BUILD=1 and a classpath exists.
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file="$PWD/benchmarks/target/bench.classpath"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$classpath_file" ]]; then
  ./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile="$classpath_file"
fi
classpath="benchmarks/target/classes:$(cat "$classpath_file")"
