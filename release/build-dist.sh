#!/usr/bin/env bash
# Release artifacts (issue 16), made by `mvn package` (agent module) or `./gfxfleet release`:
#   gfxfleet-orchestrator-VERSION.jar                 the orchestrator (needs Java 17+)
#   gfxfleet-publish-VERSION.jar                      `publish` and `deps` alone, for build machines
#                                                     (java -jar ... publish ...; no server code)
#   gfxfleet-agent-VERSION-linux-x86_64.tar.gz        the agent with its own jlinked Java runtime:
#       gfxfleet-agent-VERSION/bin/gfxfleet-agent      launcher (no JDK needed on the runner)
#       gfxfleet-agent-VERSION/lib/agent.jar
#       gfxfleet-agent-VERSION/runtime/                 jlink output
#   SHA256SUMS                                        sha256sum format, for `sha256sum -c`
# Usage: build-dist.sh AGENT_JAR ORCHESTRATOR_JAR VERSION OUT_DIR
set -euo pipefail
agent_jar="$(readlink -f "$1")" orchestrator_jar="$(readlink -f "$2")" version="$3" out="$4"
[[ -f "$agent_jar" && -f "$orchestrator_jar" ]] || { echo "build-dist: missing jar: $agent_jar or $orchestrator_jar" >&2; exit 2; }
[[ "$version" =~ ^[0-9A-Za-z.+_-]{1,64}$ ]] || { echo "build-dist: bad version '$version'" >&2; exit 2; }
jlink_bin="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
# What `jdeps --print-module-deps` finds in the agent and orchestrator jars (one runtime serves the
# agent distribution and both images), plus what it cannot see: TLS (jdk.crypto.ec), libraries
# that probe sun.misc.Unsafe (jdk.unsupported), JMX for Logback and Hikari (java.management).
modules=java.base,java.compiler,java.desktop,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.net,jdk.unsupported
mkdir -p "$out"
out="$(readlink -f "$out")"
# The runtime depends only on the JDK and the module list: kept between builds (jlink is the slow step).
runtime_key="$("$jlink_bin" --version) $modules"
runtime="$out/.runtime"
if [[ ! -f "$runtime/.key" || "$(cat "$runtime/.key")" != "$runtime_key" ]]; then
  rm -rf "$runtime"
  "$jlink_bin" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$runtime"
  # Class-data sharing for the runtime's own classes: the agent starts a fresh JVM per job.
  "$runtime/bin/java" -Xshare:dump >/dev/null 2>&1 || true
  echo "$runtime_key" > "$runtime/.key"
fi
name="gfxfleet-agent-$version"
stage="$out/.stage"
rm -rf "$stage"
mkdir -p "$stage/$name/bin" "$stage/$name/lib"
cp -a "$runtime" "$stage/$name/runtime"
rm -f "$stage/$name/runtime/.key"
cp "$agent_jar" "$stage/$name/lib/agent.jar"
cat > "$stage/$name/bin/gfxfleet-agent" <<'LAUNCHER'
#!/bin/sh
# gfxfleet agent with its own Java runtime: `gfxfleet-agent run --orchestrator URL ...`.
# The serial collector starts no GC threads on the runner's cores; the heap stays small.
set -eu
self="$0"
# Follow a symlink (e.g. /usr/local/bin/gfxfleet-agent) when readlink exists; plain shell otherwise.
if command -v readlink >/dev/null 2>&1; then self="$(readlink -f "$0")"; fi
case "$self" in */*) bin="${self%/*}" ;; *) bin=. ;; esac
home="$bin/.."
exec "$home/runtime/bin/java" -XX:+UseSerialGC -Xshare:auto ${GFXFLEET_AGENT_JAVA_OPTS:-} -jar "$home/lib/agent.jar" "$@"
LAUNCHER
chmod 0755 "$stage/$name/bin/gfxfleet-agent"
tarball="$name-linux-x86_64.tar.gz"
# Reproducible: sorted names, fixed owner and time (SOURCE_DATE_EPOCH when the release sets it), gzip without a name or time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" -C "$stage" -cf - "$name" | gzip -n -6 > "$out/$tarball.tmp"
mv -f "$out/$tarball.tmp" "$out/$tarball"
rm -rf "$stage"
cp "$orchestrator_jar" "$out/gfxfleet-orchestrator-$version.jar"
build_jar="${orchestrator_jar%.jar}-build.jar"
[[ -f "$build_jar" ]] || { echo "build-dist: missing the build-side jar $build_jar (orchestrator's shade 'build' classifier)" >&2; exit 2; }
cp "$build_jar" "$out/gfxfleet-publish-$version.jar"
# OCI images (no daemon, no registry): orchestrator and agent on a base made of the same runtime.
bash "$(dirname "$(readlink -f "$0")")/build-images.sh" "$runtime" "$orchestrator_jar" "$agent_jar" "$version" "$out"
(cd "$out" && sha256sum "$tarball" "gfxfleet-orchestrator-$version.jar" "gfxfleet-publish-$version.jar" gfxfleet-*-image-"$version".oci.tar > SHA256SUMS)
echo "build-dist: $(du -h "$out/$tarball" | cut -f1) $out/$tarball; sums in $out/SHA256SUMS" >&2
