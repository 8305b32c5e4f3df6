# syntax=docker/dockerfile:1
# gfxfleet agent: leases test jobs, builds venvs, runs `rocm-sdk test`.
# Build from the repository root:
#   docker build -f containers/agent.Dockerfile -t gfxfleet-agent .
# Run on a GPU host (the same device options as TheRock's GPU test jobs):
#   docker run --rm --ipc host --device /dev/kfd --device /dev/dri \
#     --group-add "$(getent group video | cut -d: -f3)" \
#     --group-add "$(getent group render | cut -d: -f3)" \
#     -v /etc/gfxfleet/agent.token:/run/secrets/agent_token:ro \
#     gfxfleet-agent run --orchestrator https://gfxfleet.example.org \
#       --token-file /run/secrets/agent_token

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -DskipTests -pl agent -am package \
 && set -- $(find agent/target -maxdepth 1 -name 'agent-*.jar' \
          ! -name '*-tests.jar' ! -name '*-sources.jar' ! -name 'original-*') \
 && if [ "$#" -ne 1 ]; then echo "expected one runnable agent jar, found: $*" >&2; exit 1; fi \
 && cp "$1" /agent.jar

FROM eclipse-temurin:17-jre
# python3-venv: each job gets a fresh venv. libatomic1 and libgfortran5: the
# ROCm wheels load them from the system, and their absence shows up as a
# failing shared-library subTest rather than as a package defect.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 python3-venv libatomic1 libgfortran5 \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system gfxfleet \
 && useradd --system --gid gfxfleet --groups video --home-dir /var/lib/gfxfleet-agent --create-home gfxfleet
COPY --from=build /agent.jar /opt/gfxfleet/agent.jar
USER gfxfleet
WORKDIR /var/lib/gfxfleet-agent
# Venvs, pip cache and the result spool (unacknowledged batches survive a
# restart only if this is a volume).
VOLUME ["/var/lib/gfxfleet-agent"]
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=50", "-jar", "/opt/gfxfleet/agent.jar"]
CMD ["--help"]
