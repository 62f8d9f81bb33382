# syntax=docker/dockerfile:1
# Every Skyport Spring Boot service (users-service, orders-service, gateway-service, and any a fork adds): the module
# and its two ports are build arguments. Build context is the repository root, so the Maven wrapper and the reactor
# (service-starter) are visible:
#   docker build --build-arg MODULE=users-service --build-arg SERVER_PORT=9001 --build-arg MANAGEMENT_PORT=9101 \
#     -t skyport/users-service:0.1.0 .
# docker-compose.yml passes the same arguments for each service. dynamo-engine (not Spring Boot) has its own.
#
# Base images are pinned by full version tag and by digest. The digests are the multi-arch index digests
# other public projects pin for these tags; no registry is reachable from the build machine to re-check
# them, so if a pull ever fails on a digest, refresh tag and digest together (e.g. with Renovate).

FROM eclipse-temurin:21.0.9_10-jdk@sha256:81ad1240d91eeafe1ab4154e9ed2310b67cb966caad1d235232ae10abcb1fae2 AS build
ARG MODULE
WORKDIR /workspace
COPY . .
# The cache mount keeps ~/.m2 between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" && ./mvnw -B -ntp -pl "${MODULE}" -am package -DskipTests

FROM eclipse-temurin:21.0.9_10-jre-alpine@sha256:08eecc477dbe3f2e33daac27f36e41daf7f4ec51d2f3396006e54fa41832c74c AS layers
ARG MODULE
WORKDIR /layers
COPY --from=build /workspace/${MODULE}/target/${MODULE}.jar app.jar
# One image layer per jar layer: a code change rebuilds only the small "application" layer.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21.0.9_10-jre-alpine@sha256:08eecc477dbe3f2e33daac27f36e41daf7f4ec51d2f3396006e54fa41832c74c
ARG SERVER_PORT
ARG MANAGEMENT_PORT
RUN addgroup -S -g 10001 skyport && adduser -S -D -H -u 10001 -G skyport skyport
WORKDIR /app
# Files stay owned by root: the process can read the application but never change it.
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# The ports the image was built for are its defaults (the service reads them); a container may still override them.
# Heap follows the container's memory limit (40 %: the rest is metaspace, code and the JVM's own; docs/deployment.md,
# "Sizing"); G1 is explicit, as under 1792 MB the JVM would pick SerialGC, which starts slower. An OutOfMemoryError
# ends the process so the orchestrator restarts it instead of leaving a half-working JVM. /tmp is the only place
# written (an emptyDir on k8s). Kubernetes sets its own JAVA_TOOL_OPTIONS.
ENV SERVER_PORT=${SERVER_PORT} \
    MANAGEMENT_PORT=${MANAGEMENT_PORT} \
    JAVA_TOOL_OPTIONS="-XX:+UseG1GC -XX:MaxRAMPercentage=40.0 -XX:InitialRAMPercentage=10.0 -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 10001:10001
EXPOSE ${SERVER_PORT} ${MANAGEMENT_PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
