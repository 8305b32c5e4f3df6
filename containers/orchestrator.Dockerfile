# syntax=docker/dockerfile:1
# gfxfleet orchestrator: HTTP API, scheduler, dashboard.
# Build from the repository root:
#   docker build -f containers/orchestrator.Dockerfile -t gfxfleet-orchestrator .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds without baking it into a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -DskipTests -pl orchestrator -am package \
 && set -- $(find orchestrator/target -maxdepth 1 -name 'orchestrator-*.jar' \
          ! -name '*-tests.jar' ! -name '*-sources.jar' ! -name 'original-*') \
 && if [ "$#" -ne 1 ]; then echo "expected one runnable orchestrator jar, found: $*" >&2; exit 1; fi \
 && cp "$1" /orchestrator.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system gfxfleet \
 && useradd --system --gid gfxfleet --home-dir /var/lib/gfxfleet --create-home gfxfleet
COPY --from=build /orchestrator.jar /opt/gfxfleet/orchestrator.jar
USER gfxfleet
WORKDIR /var/lib/gfxfleet
# SQLite file and the local package tree live here unless --db-url points at
# PostgreSQL; mount a volume to keep them.
VOLUME ["/var/lib/gfxfleet"]
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-jar", "/opt/gfxfleet/orchestrator.jar"]
# Binds all interfaces: inside a container 127.0.0.1 is unreachable from outside.
CMD ["orchestrator", "serve", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/var/lib/gfxfleet"]
