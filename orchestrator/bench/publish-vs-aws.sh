#!/usr/bin/env bash
# Publish benchmark (not a test): gfxfleet publish vs `aws s3 sync` of the same >= 1 GiB dist
# folder to the same local S3Proxy, and index generation vs sha256sum over the same files.
# Prints the ratios measured in this one run.
#   orchestrator/bench/publish-vs-aws.sh [WORK_DIR]      (default /tmp/gfxfleet-bench; the dist is reused)
# Needs: Debian awscli at /usr/bin/aws, sha256sum, GNU time at /usr/bin/time, ~8 GiB of free memory (S3Proxy keeps objects in memory).
# Works from a fresh clone: Maven builds protocol with the orchestrator (-am), nothing need be
# installed first. Set MAVEN_OPTS=-Dmaven.repo.local=... for a private local repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/gfxfleet-bench}"
mkdir -p "$work"
cd "$root"
# One reactor run: protocol resolves to protocol/target/classes, so the classpath written (the
# orchestrator's, last in reactor order) holds no artifact that was never installed.
mvn -q -B -pl orchestrator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
cp="$root/orchestrator/target/classes:$(cat "$work/classpath.txt")"
# Our side runs as a build job does, through the launcher: once here, untimed, so that it builds the
# jar and dumps its class-data sharing archive if either is missing or stale (as Debian's awscli
# ships its Python byte-compiled).
"$root/gfxfleet" --help >/dev/null
exec java -Xmx12g -Dbench.launcher="$root/gfxfleet" -cp "$root/orchestrator/target/test-classes:$cp" \
  io.gfxfleet.orchestrator.publish.s3.PublishBenchmark "$work"
