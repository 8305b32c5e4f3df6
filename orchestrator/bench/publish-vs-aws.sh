#!/usr/bin/env bash
# Publish benchmark (not a test): gfxfleet publish vs `aws s3 sync` vs `rclone copy` of the same
# >= 1 GiB dist folder to the same local S3Proxy (authenticating, as S3 does), over plain http and
# over https (a test CA and server certificate made at run time by keytool; each client is given
# the CA: our --ca-bundle, aws --ca-bundle, rclone --ca-cert), each on the quiet machine and beside
# a fixed CPU hog on the same cores (stress-ng --cpu N, else N busy loops; the same for every
# client). Then index generation vs sha256sum, and (https) where our CPU goes, from a JFR recording.
# Prints every figure beside its target and the load average.
#   orchestrator/bench/publish-vs-aws.sh [WORK_DIR]      (default /tmp/gfxfleet-bench; the dist is reused)
# Environment: SCHEMES (http,https), CONDITIONS (quiet,hog), ROUNDS (2; 1 for a quicker run),
#   PROFILE (true: one more https publish of ours under JFR); for diagnosing, PAD_MIB (345: each big
#   wheel's padding, ~1.05 GiB in all; 64 gives ~0.2 GiB, in a WORK_DIR of its own) and CLIENTS
#   (gfxfleet,aws,rclone; targets are judged only when all three ran).
# Needs: Debian awscli (/usr/bin/aws), rclone, GNU time (/usr/bin/time), sha256sum; stress-ng is
# used for the hog when installed. ~8 GiB of free memory (S3Proxy keeps objects in memory).
# Works from a fresh clone: Maven builds protocol with the orchestrator (-am), nothing need be
# installed first. Set MAVEN_OPTS=-Dmaven.repo.local=... for a private local repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/gfxfleet-bench}"

missing=()
[[ -x /usr/bin/aws ]] || missing+=("awscli (Debian: apt-get install awscli)")
command -v rclone >/dev/null || missing+=("rclone (Debian: apt-get install rclone)")
[[ -x /usr/bin/time ]] || missing+=("GNU time (Debian: apt-get install time)")
command -v sha256sum >/dev/null || missing+=("sha256sum (coreutils)")
command -v mvn >/dev/null || missing+=("Maven (Debian: apt-get install maven)")
if ((${#missing[@]})); then
  printf 'publish-vs-aws.sh needs:\n'; printf '  %s\n' "${missing[@]}"; exit 2
fi
command -v stress-ng >/dev/null || echo "note: stress-ng not installed (apt-get install stress-ng); the hog is N shell busy loops"

mkdir -p "$work"
cd "$root"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); aws $(/usr/bin/aws --version 2>&1 | cut -d' ' -f1), $(rclone version 2>/dev/null | head -1)"
# One reactor run: protocol resolves to protocol/target/classes, so the classpath written (the
# orchestrator's, last in reactor order) holds no artifact that was never installed.
mvn -q -B -pl orchestrator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
cp="$root/orchestrator/target/classes:$(cat "$work/classpath.txt")"
# Our side runs as a build job does, through the launcher: once here, untimed, so that it builds the
# jar and dumps its class-data sharing archive if either is missing or stale (as Debian's awscli
# ships its Python byte-compiled).
"$root/gfxfleet" --help >/dev/null
exec java -Xmx12g -Dbench.launcher="$root/gfxfleet" -Dbench.aws=/usr/bin/aws \
  -Dbench.schemes="${SCHEMES:-http,https}" -Dbench.conditions="${CONDITIONS:-quiet,hog}" \
  -Dbench.rounds="${ROUNDS:-2}" -Dbench.profile="${PROFILE:-true}" \
  -Dbench.padMiB="${PAD_MIB:-345}" -Dbench.clients="${CLIENTS:-gfxfleet,aws,rclone}" \
  -cp "$root/orchestrator/target/test-classes:$cp" \
  io.gfxfleet.orchestrator.publish.s3.PublishBenchmark "$work"
