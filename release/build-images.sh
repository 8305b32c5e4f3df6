#!/usr/bin/env bash
# OCI images of the orchestrator and the agent, built without a container daemon or registry:
# a root filesystem made here (the jlinked runtime, the few host shared libraries it loads,
# /etc/passwd, /tmp) as one base layer shared by both images, plus one layer with the jar.
# Each image is an OCI image layout packed in a tar (`podman load`, `skopeo copy oci-archive:`).
#   gfxfleet-orchestrator-image-VERSION.oci.tar   entrypoint: java -jar orchestrator.jar, cmd: orchestrator serve
#   gfxfleet-agent-image-VERSION.oci.tar          entrypoint: java -jar agent.jar (a real GPU agent image
#                                                 also needs python3 with venv: add it in a layer on top)
# Usage: build-images.sh RUNTIME ORCHESTRATOR_JAR AGENT_JAR VERSION OUT_DIR
set -euo pipefail
runtime="$(readlink -f "$1")" orchestrator_jar="$(readlink -f "$2")" agent_jar="$(readlink -f "$3")" version="$4" out="$(readlink -f "$5")"
work="$out/.images"
rm -rf "$work"
mkdir -p "$work"
epoch="${SOURCE_DATE_EPOCH:-0}"

# ---- base root filesystem ----
root="$work/base"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/var/lib/gfxfleet" "$root/opt/gfxfleet"
chmod 1777 "$root/tmp"
cp -a "$runtime" "$root/opt/java"
rm -f "$root/opt/java/.key"
# The desktop libraries (AWT, fonts, sound) are never loaded by a headless server: their X11 and
# font dependencies stay out, so the image holds only what java, its JVM and its I/O libraries load.
libs=("$root"/opt/java/bin/java "$root"/opt/java/lib/server/libjvm.so)
for so in "$root"/opt/java/lib/*.so; do
  case "$(basename "$so")" in
    libawt*|libfontmanager.so|libjavajpeg.so|libjawt.so|libjsound.so|liblcms.so|libmlib_image.so|libsplashscreen.so) ;;
    *) libs+=("$so") ;;
  esac
done
# SQLite's JDBC driver unpacks its own native library at run time: what that loads must be here too.
sqlite_so=org/sqlite/native/Linux/x86_64/libsqlitejdbc.so
if (cd "$work" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$orchestrator_jar" "$sqlite_so") && [[ -s "$work/$sqlite_so" ]]; then
  libs+=("$work/$sqlite_so")
fi
copy_with_links() {
  local f="$1"
  while :; do
    mkdir -p "$root$(dirname "$f")"
    cp -a "$f" "$root$f"
    [[ -L "$f" ]] || break
    local target; target="$(readlink "$f")"
    [[ "$target" == /* ]] || target="$(dirname "$f")/$target"
    f="$target"
  done
}
while read -r lib; do
  [[ -n "$lib" ]] && copy_with_links "$lib"
done < <(LD_LIBRARY_PATH="$root/opt/java/lib:$root/opt/java/lib/server" ldd "${libs[@]}" 2>/dev/null \
  | awk '# whole paths, spaces included (a clone in "/work/my repo"): what follows "=> " or the tab, minus " (0x...)"
         /=> \// {s = $0; sub(/^.*=> /, "", s); sub(/ \(0x[0-9a-f]+\)$/, "", s); print s}
         /^\t\/.*ld-linux/ {s = $0; sub(/^\t/, "", s); sub(/ \(0x[0-9a-f]+\)$/, "", s); print s}' \
  | grep -v -e "^$root" -e "^$work" | sort -u)
printf 'root:x:0:0:root:/root:/sbin/nologin\ngfxfleet:x:10001:10001:gfxfleet:/var/lib/gfxfleet:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ngfxfleet:x:10001:\n' > "$root/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
# Owners as the image has them (root, the data folder the service's uid 10001); the layer tar keeps them.
chown -R 0:0 "$root" 2>/dev/null || true
chown 10001:10001 "$root/var/lib/gfxfleet" 2>/dev/null || true

# ---- layer and blob helpers ----
blobs="$work/blobs"
mkdir -p "$blobs"
layer() { # DIR NAME -> prints "diff_id digest size"
  local dir="$1" name="$2"
  tar --sort=name --numeric-owner --mtime="@$epoch" -C "$dir" -cf "$work/$name.tar" .
  local diff; diff="$(sha256sum "$work/$name.tar" | cut -d' ' -f1)"
  gzip -n -6 < "$work/$name.tar" > "$work/$name.tar.gz"
  local digest; digest="$(sha256sum "$work/$name.tar.gz" | cut -d' ' -f1)"
  mv "$work/$name.tar.gz" "$blobs/$digest"
  rm -f "$work/$name.tar"
  echo "$diff $digest $(stat -c %s "$blobs/$digest")"
}
blob() { # FILE -> prints "digest size" and stores it
  local digest; digest="$(sha256sum "$1" | cut -d' ' -f1)"
  cp "$1" "$blobs/$digest"
  echo "$digest $(stat -c %s "$1")"
}
json_array() { local first=1; printf '['; for a in "$@"; do [[ $first == 1 ]] || printf ','; first=0; printf '"%s"' "$a"; done; printf ']'; }

read -r base_diff base_digest base_size < <(layer "$root" base)

image() { # NAME JAR ENTRYPOINT_JSON CMD_JSON
  local name="$1" jar="$2" entrypoint="$3" cmd="$4"
  local app="$work/$name-app"
  mkdir -p "$app/opt/gfxfleet"
  cp "$jar" "$app/opt/gfxfleet/$name.jar"
  chown -R 0:0 "$app" 2>/dev/null || true
  read -r app_diff app_digest app_size < <(layer "$app" "$name-app")
  printf '{"architecture":"amd64","os":"linux","created":"%s","config":{"User":"10001:10001","Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server","LANG=C.UTF-8"],"Entrypoint":%s,"Cmd":%s,"WorkingDir":"/var/lib/gfxfleet","ExposedPorts":{"8080/tcp":{}},"Labels":{"org.opencontainers.image.title":"gfxfleet-%s","org.opencontainers.image.version":"%s"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]}}' \
    "$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)" "$entrypoint" "$cmd" "$name" "$version" "$base_diff" "$app_diff" > "$work/$name-config.json"
  read -r config_digest config_size < <(blob "$work/$name-config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config_digest" "$config_size" "$base_digest" "$base_size" "$app_digest" "$app_size" > "$work/$name-manifest.json"
  read -r manifest_digest manifest_size < <(blob "$work/$name-manifest.json")
  local layout="$work/$name-layout"
  mkdir -p "$layout/blobs/sha256"
  for d in "$base_digest" "$app_digest" "$config_digest" "$manifest_digest"; do cp "$blobs/$d" "$layout/blobs/sha256/$d"; done
  printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest_digest" "$manifest_size" "$version" > "$layout/index.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$layout" -cf "$out/gfxfleet-$name-image-$version.oci.tar" .
  echo "build-images: gfxfleet-$name-image-$version.oci.tar $(du -h "$out/gfxfleet-$name-image-$version.oci.tar" | cut -f1) (base layer $((base_size / 1024 / 1024)) MiB compressed, shared)" >&2
}
image orchestrator "$orchestrator_jar" \
  "$(json_array /opt/java/bin/java -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75 -jar /opt/gfxfleet/orchestrator.jar)" \
  "$(json_array orchestrator serve --host 0.0.0.0 --port 8080 --data-dir /var/lib/gfxfleet)"
image agent "$agent_jar" \
  "$(json_array /opt/java/bin/java -XX:+UseSerialGC -jar /opt/gfxfleet/agent.jar)" \
  "$(json_array --help)"
rm -rf "$work"
