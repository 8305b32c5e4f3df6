#!/usr/bin/env bash
# Agent benchmark (not a test): the agent's test plan vs a plain shell script doing the same
# steps (venv, isolated two-index pip install with the same flags, pip freeze, rocm-sdk test;
# then the same venv upgraded to rocm[libraries,devel]) on the same sample packages served over
# HTTP by one local orchestrator, in one run. Prints the ratios measured in this run:
#   - agent wall time / script wall time, both cold: empty pip cache, and for the agent an empty
#     work dir (no venv template, empty download cache) (target <= 1.05);
#   - the agent's install time (both pip installs, from the "++ Exit" lines of its step logs), cold
#     (job 1) / warm (job 2 of the same family, same --work-dir: the agent's download cache holds
#     the wheels job 1 fetched, and pip's cache the rocm wheel it built) (target >= 3).
# The agent runs as a runner starts it: through the launcher (./gfxfleet agent ..., class-data
# sharing archive, serial GC), once untimed first so that the archive exists. Its pip reads both
# indexes through the agent's loopback proxy over its download cache (see docs/operations.md):
# pages always fresh, cached wheels read in place; the script's pip reads the indexes directly with
# the same install flags. For each agent job the benchmark also prints the agent's own timeline
# (start-up, health check, lease, plan, steps, result drain, log upload, completion), how long the
# first venv waited for the venv template, and what came from the download cache.
#
#   agent/bench/agent-vs-shell.sh [WORK_DIR]     (default /tmp/gfxfleet-agent-bench; emptied first)
#
# Environment knobs:
#   PAD_MB=150       MiB of incompressible padding per rocm wheel (3 wheels: core, libraries, devel)
#   MAX_LOAD=2       wait (polling every 30 s, at most LOAD_WAIT_S) until the 1-minute load average
#   LOAD_WAIT_S=600  is at most MAX_LOAD before measuring; measures anyway after that, and says so
#   SKIP_BUILD=1     use the jars already in */target instead of letting ./gfxfleet rebuild them (the
#                    untimed launcher call still rebuilds if sources are newer than the jars)
#   JARS_FROM=DIR    take the jars and the launcher from DIR (e.g. an export of a commit built there); implies SKIP_BUILD
#   KEEP_WORK=1      keep WORK_DIR (packages, caches, logs) instead of deleting it at the end
#   INDEX_SERVER=orchestrator  (default) pip reads the indexes from the orchestrator's /packages/ over
#                    plain HTTP. pip caches nothing fetched over plain http:// unless the host is
#                    --trusted-host, so the agent (and this script, same flags) pass it for http
#                    index hosts; /packages/ marks a run's files cacheable (Cache-Control: immutable),
#                    pages never.
#   INDEX_SERVER=s3like  the same files served the way S3 serves them to a GPU runner: HTTPS (a
#                    throw-away self-signed certificate, trusted through REQUESTS_CA_BUNDLE for pip
#                    and a trust store for the agent's JVM) with ETag, If-None-Match -> 304, and the
#                    Cache-Control that `gfxfleet publish` stores on each object.
#   LINK_MBPS=N      s3like only: serve files at most N MB/s per connection, like a runner's link to
#                    S3 (default: unlimited, i.e. loopback speed, where downloading costs almost nothing).
#                    A download cache matters on a real link: at loopback speed a cold install is
#                    mostly the rocm sdist build and pip's own work, so warm/cold shows what the
#                    cache saves in the least favourable case; LINK_MBPS=50 shows a runner's case.
# Needs: Java 17, python3 with venv, curl (s3like: openssl, keytool); ~3 GB free disk at PAD_MB=150.
#
# Internal: `agent-vs-shell.sh shell-plan DIR CACHE VERSION DEPS_INDEX RUN_INDEX PYTHON` is the
# plain script itself; the benchmark runs it under `env -i`.
set -euo pipefail

VERSION=7.10.0a20261125
FAMILY=gfx94X-dcgpu

# ---------------------------------------------------------------------------------------------
# The plain shell script: what a CI job would write by hand. Same pip argv as the agent's JobRunner
# (read it there). Its cache is private to this one single-family run, so it keeps the rocm wheel
# pip built in the first step, as the agent does in its per-family cache (see PipCacheLayout).
# Prints "<what> <seconds>" lines on stdout; logs go to DIR/logs.
# ---------------------------------------------------------------------------------------------
shell_plan() {
  local dir="$1" cache="$2" version="$3" deps="$4" run="$5" python="$6"
  local venv="$dir/venv-libraries" logs="$dir/logs" t0 t1 rc=0 status
  mkdir -p "$logs"
  now() { date +%s.%N; }
  elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
  t0=$(now)
  "$python" -m venv "$venv" >"$logs/libraries-venv.log" 2>&1
  echo "venv $(elapsed "$t0" "$(now)")"
  export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
  local step extras upgrade trusted=() url hostport
  # The agent's PackageSources: a plain-http index host is passed as --trusted-host (pip caches
  # nothing from other http hosts); https hosts never are.
  for url in "$deps" "$run"; do
    if [[ $url == http://* ]]; then
      hostport="${url#http://}"; hostport="${hostport%%/*}"
      [[ " ${trusted[*]} " == *" $hostport "* ]] || trusted+=(--trusted-host "$hostport")
    fi
  done
  for step in libraries devel; do
    if [[ $step == libraries ]]; then extras=libraries; upgrade=(); else extras=libraries,devel; upgrade=(--upgrade); fi
    t1=$(now)
    "$venv/bin/python" -m pip --isolated install --disable-pip-version-check --no-input \
      --report "$logs/$step-pip-report.json" --cache-dir "$cache" "${upgrade[@]}" \
      "rocm[$extras]==$version" --index-url "$deps" --extra-index-url "$run" "${trusted[@]}" \
      >"$logs/$step-install.log" 2>&1 || { echo "install-$step FAILED"; return 2; }
    echo "install-$step $(elapsed "$t1" "$(now)")"
    t1=$(now)
    "$venv/bin/python" -m pip --isolated freeze --all >"$logs/$step-pip-freeze.txt" 2>&1
    echo "freeze-$step $(elapsed "$t1" "$(now)")"
    t1=$(now)
    status=0
    "$venv/bin/rocm-sdk" test >"$logs/$step-test.log" 2>&1 || status=$?
    [[ $status -eq 0 ]] || rc=1
    echo "test-$step $(elapsed "$t1" "$(now)") exit=$status"
  done
  # The agent deletes its venvs when the job ends: part of the same work.
  t1=$(now)
  rm -rf "$venv"
  echo "cleanup $(elapsed "$t1" "$(now)")"
  echo "total $(elapsed "$t0" "$(now)")"
  return $rc
}

if [[ "${1:-}" == shell-plan ]]; then
  shift
  shell_plan "$@"
  exit $?
fi

# ---------------------------------------------------------------------------------------------
# The benchmark.
# ---------------------------------------------------------------------------------------------
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/gfxfleet-agent-bench}"
pad_mb="${PAD_MB:-150}"
[[ "${LINK_MBPS:-0}" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "LINK_MBPS must be a number of MB/s, got '$LINK_MBPS'" >&2; exit 2; }
max_load="${MAX_LOAD:-2}"
load_wait_s="${LOAD_WAIT_S:-600}"
python_exe="$(command -v python3)"
[[ "$pad_mb" =~ ^[0-9]+$ ]] || { echo "PAD_MB must be a whole number of MiB, got '$pad_mb'" >&2; exit 2; }
[[ -n "$python_exe" ]] || { echo "python3 not found on PATH" >&2; exit 2; }
case "$work" in /|"") echo "refusing WORK_DIR '$work'" >&2; exit 2 ;; esac

jars_root="${JARS_FROM:-$root}"
orchestrator_jar="$jars_root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar"
agent_jar="$jars_root/agent/target/agent-0.1.0-SNAPSHOT.jar"
if [[ "${SKIP_BUILD:-0}" != 1 && -z "${JARS_FROM:-}" ]]; then
  # The launcher rebuilds when sources changed; after that the jars are run directly, so no
  # rebuild can start in the middle of a measurement.
  "$root/gfxfleet" --help >/dev/null
fi
[[ -f "$orchestrator_jar" && -f "$agent_jar" ]] || { echo "jars missing: build with mvn -B -DskipTests package" >&2; exit 2; }
orch() { java -jar "$orchestrator_jar" "$@"; }
# The agent runs as a runner starts it: through the launcher (class-data sharing archive, serial GC).
# Called once here, untimed, so that it dumps the agent's archive before anything is measured.
launcher="$jars_root/gfxfleet"
[[ -x "$launcher" ]] || { echo "no launcher $launcher beside the jars" >&2; exit 2; }
"$launcher" agent --version >/dev/null

orchestrator_pid=""
index_server_pid=""
cleanup() {
  if [[ -n "$index_server_pid" ]] && kill -0 "$index_server_pid" 2>/dev/null; then
    kill "$index_server_pid" 2>/dev/null || true
    wait "$index_server_pid" 2>/dev/null || true
  fi
  if [[ -n "$orchestrator_pid" ]] && kill -0 "$orchestrator_pid" 2>/dev/null; then
    kill "$orchestrator_pid" 2>/dev/null || true
    wait "$orchestrator_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_WORK:-0}" != 1 ]]; then
    rm -rf "$work"
  else
    echo "kept $work" >&2
  fi
}
trap cleanup EXIT

rm -rf "$work"
mkdir -p "$work"
samples="$work/samples" pkgs="$work/packages" agent_work="$work/agent" script_work="$work/script"

echo "== sample packages (pad ${pad_mb} MiB per rocm wheel)"
orch samples build --out "$samples" --rocm-version "$VERSION" --families "$FAMILY" --pad-mb "$pad_mb" >/dev/null
orch publish --packages-dir "$samples/dist" --run-id bench1 --artifact-group "$FAMILY" --output-dir "$pkgs" >/dev/null
orch deps publish --packages-dir "$samples/deps" --output-dir "$pkgs" >/dev/null
wheel_bytes=$(find "$samples/dist" -name '*.whl' -printf '%s\n' | awk '{ s += $1 } END { print s }')
rm -rf "$samples"
printf 'rocm wheels: %.0f MB\n' "$(awk -v b="$wheel_bytes" 'BEGIN { print b / 1e6 }')"

port=$("$python_exe" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
deps_index="$base/packages/python-deps/simple/"
run_index="$base/packages/bench1-linux/python/$FAMILY/simple/"
java -jar "$orchestrator_jar" orchestrator serve --port "$port" --data-dir "$work/orchestrator" --packages-dir "$pkgs" \
  >"$work/orchestrator.log" 2>&1 &
orchestrator_pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$base/api/v1/health" && curl -sf -o /dev/null "$run_index" && break
  kill -0 "$orchestrator_pid" 2>/dev/null || { echo "orchestrator died:" >&2; tail -20 "$work/orchestrator.log" >&2; exit 2; }
  sleep 0.5
done
curl -sf -o /dev/null "$run_index" || { echo "orchestrator not serving $run_index" >&2; exit 2; }
echo "bench" >"$work/token"

# Environment and JVM options that make the agent and the script trust the s3like server.
tls_env=()
agent_tls_env=()
index_server="${INDEX_SERVER:-orchestrator}"
case "$index_server" in
  orchestrator) ;;
  s3like)
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
      -keyout "$work/index-key.pem" -out "$work/index-cert.pem" 2>/dev/null
    keytool -importcert -noprompt -alias bench-index -file "$work/index-cert.pem" -keystore "$work/truststore.p12" \
      -storetype PKCS12 -storepass changeit >/dev/null 2>&1
    cat >"$work/index_server.py" <<'PY'
# Static HTTPS file server answering like S3: ETag on every file, 304 to a matching If-None-Match.
import http.server, os, ssl, sys, time
root, cert, key, port_file, link_mbps = sys.argv[1:6]
bytes_per_s = float(link_mbps) * 1e6 if float(link_mbps) > 0 else 0

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=root, **kw)

    def log_message(self, *a):
        pass

    def send_head(self):
        self._etag = None
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.endswith("/"):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            st = os.stat(path)
            self._etag = '"%x-%x"' % (st.st_size, st.st_mtime_ns)
            if self.headers.get("If-None-Match") == self._etag:
                self.send_response(304)
                self.end_headers()
                return None
        return super().send_head()

    def copyfile(self, source, outputfile):
        if not bytes_per_s:
            return super().copyfile(source, outputfile)
        start, sent = time.monotonic(), 0
        while chunk := source.read(1 << 20):
            outputfile.write(chunk)
            sent += len(chunk)
            ahead = sent / bytes_per_s - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)

    def end_headers(self):
        if getattr(self, "_etag", None):
            self.send_header("ETag", self._etag)
            # The Cache-Control `gfxfleet publish` stores with each object (S3 returns it on GET).
            if "/dist/" in self.path and not self.path.endswith(("/", "/index.html")):
                self.send_header("Cache-Control", "public, max-age=604800, immutable")
            else:
                self.send_header("Cache-Control", "no-cache,no-store,must-revalidate")
        super().end_headers()

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY
    "$python_exe" "$work/index_server.py" "$pkgs" "$work/index-cert.pem" "$work/index-key.pem" "$work/index.port" \
      "${LINK_MBPS:-0}" >"$work/index-server.log" 2>&1 &
    index_server_pid=$!
    for _ in $(seq 1 60); do [[ -s "$work/index.port" ]] && break; sleep 0.5; done
    [[ -s "$work/index.port" ]] || { echo "the s3like index server did not start" >&2; cat "$work/index-server.log" >&2; exit 2; }
    index_base="https://127.0.0.1:$(cat "$work/index.port")"
    deps_index="$index_base/python-deps/simple/"
    run_index="$index_base/bench1-linux/python/$FAMILY/simple/"
    curl -sf --cacert "$work/index-cert.pem" -o /dev/null "$run_index" || { echo "s3like server not serving $run_index" >&2; exit 2; }
    tls_env=(REQUESTS_CA_BUNDLE="$work/index-cert.pem")
    # The launcher's java picks JVM options up from JDK_JAVA_OPTIONS.
    agent_tls_env=(JDK_JAVA_OPTIONS="-Djavax.net.ssl.trustStore=$work/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit")
    ;;
  *) echo "INDEX_SERVER must be orchestrator or s3like, got '$index_server'" >&2; exit 2 ;;
esac
echo "indexes: $deps_index  $run_index"

submit() {
  orch submit --orchestrator "$base" --token-file "$work/token" --run-id "$1" --platform linux \
    --artifact-group "$FAMILY" --rocm-version "$VERSION" --families "$FAMILY" \
    --deps-index "$deps_index" --run-index "$run_index" >/dev/null
}

wait_for_quiet_machine() {
  local waited=0 load
  while true; do
    load=$(awk '{ print $1 }' /proc/loadavg)
    if awk -v l="$load" -v m="$max_load" 'BEGIN { exit !(l <= m) }'; then
      echo "load average $load (<= $max_load) after waiting ${waited}s"
      return
    fi
    if (( waited >= load_wait_s )); then
      echo "WARNING: load average still $load (> $max_load) after ${waited}s: measuring anyway, figures are noisy"
      return
    fi
    sleep 30
    waited=$((waited + 30))
  done
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# One agent job, timed from the agent's start to its exit. Echoes the wall time; writes the
# start and end (seconds since midnight, as the agent's log timestamps) to agent-LABEL.times.
run_agent() {
  local label="$1" t0 t1 rc=0
  t0=$(now)
  env "${tls_env[@]}" "${agent_tls_env[@]}" "$launcher" agent run --orchestrator "$base" --gpu-family "$FAMILY" --once --work-dir "$agent_work" \
    --agent-id "bench-agent" --min-free-disk-gb 1 >"$work/agent-$label.log" 2>&1 || rc=$?
  t1=$(now)
  local wall; wall=$(elapsed "$t0" "$t1")
  echo "$(seconds_of_day "$t0") $(seconds_of_day "$t1")" >"$work/agent-$label.times"
  [[ $rc -eq 0 ]] || echo "WARNING: agent ($label) exited $rc; see its log below" >&2
  [[ $rc -eq 0 ]] || tail -20 "$work/agent-$label.log" >&2
  echo "$wall"
}

# Milliseconds of the pip installs of one agent job, from the "++ Exit N after M ms" lines the
# agent writes into each step log (summed over retries): prints "<libraries> <devel> <sum>".
agent_install_ms() {
  local job_dir="$1" step ms total=0 out=""
  for step in libraries devel; do
    ms=$(awk '/^\+\+ Exit [0-9-]+.* after [0-9]+ ms$/ { s += $(NF - 1) } END { print s + 0 }' "$job_dir/logs/$step-install.log")
    out="$out $ms"
    total=$((total + ms))
  done
  echo "${out# } $total"
}

seconds_of_day() {
  local epoch="$1" midnight
  midnight=$(date -d "$(date -d "@${epoch%.*}" +%F)" +%s)
  awk -v e="$epoch" -v m="$midnight" 'BEGIN { printf "%.3f", e - m }'
}

# Where an agent's wall time went, from its own log lines (HH:MM:SS.mmm): start -> lease granted
# (JVM, detection, health check, long poll), lease -> verdict logged (the job: plan, streaming,
# log upload, completion), verdict -> process exit (shutdown).
agent_phases() {
  local label="$1" job_dir="$2" start end
  read -r start end <"$work/agent-$label.times"
  awk -v start="$start" -v end="$end" '
    function sod(t,  p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
    / INFO  AgentLoop - leased job / { lease = sod($1) }
    / INFO  AgentLoop - job [^ ]+ (passed|failed|timed_out|infra_error)/ { verdict = sod($1) }
    END {
      if (lease == "" || verdict == "") { print "  (no lease/verdict lines in the agent log)"; exit }
      printf "  start -> lease %6.2f s   lease -> verdict %6.2f s   verdict -> exit %6.2f s\n", lease - start, verdict - lease, end - verdict
    }' "$work/agent-$label.log"
  # The agent's own timeline (start-up, lease, job phases), the template wait, and its download cache.
  grep -h -e ' RunCommand - started' -e ' AgentLoop - lease after' -e ' timeline: ' -e 'download cache: ' "$work/agent-$label.log" \
    | sed -e 's/^[0-9:.]* INFO  [A-Za-z]* - /  /' -e 's/job [0-9a-f-]*[:]* //' || true
  grep -h -o 'waited [0-9]* ms for the template venv' "$job_dir/logs/libraries-venv.log" 2>/dev/null | sed 's/^/  /' || true
}

agent_step_ms() {
  awk '/^\+\+ Exit [0-9-]+.* after [0-9]+ ms$/ { s += $(NF - 1) } END { print s + 0 }' "$1"
}

new_job_dir() {
  local before="$1"
  comm -13 <(echo "$before") <(ls "$agent_work/jobs" 2>/dev/null | sort) | head -1
}

wait_for_quiet_machine

echo "== 1. agent, cold pip cache"
submit bench1
jobs_before=""
agent_cold=$(run_agent cold)
job1="$agent_work/jobs/$(new_job_dir "$jobs_before")"
echo "agent wall: ${agent_cold}s  (job $(basename "$job1"))"
agent_phases cold "$job1"

echo "== 2. plain shell script, cold pip cache"
mkdir -p "$script_work"
t0=$(now)
script_rc=0
env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" \
  PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
  PYTHONNOUSERSITE=1 PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 ROCM_SDK_TARGET_FAMILY="$FAMILY" "${tls_env[@]}" \
  bash "$here/agent-vs-shell.sh" shell-plan "$script_work" "$script_work/pip-cache" "$VERSION" "$deps_index" "$run_index" \
  "$python_exe" >"$work/script-timings.txt" 2>"$work/script-stderr.log" || script_rc=$?
script_wall=$(elapsed "$t0" "$(now)")
[[ $script_rc -eq 0 ]] || { echo "WARNING: script exited $script_rc" >&2; cat "$work/script-stderr.log" >&2; }
echo "script wall: ${script_wall}s"
sed 's/^/  /' "$work/script-timings.txt"

echo "== 3. agent again, warm pip cache (same --work-dir, second run id, same index)"
submit bench2
jobs_before=$(ls "$agent_work/jobs" | sort)
agent_warm=$(run_agent warm)
job2="$agent_work/jobs/$(new_job_dir "$jobs_before")"
echo "agent wall: ${agent_warm}s  (job $(basename "$job2"))"
agent_phases warm "$job2"

read -r cold_lib cold_devel cold_install <<<"$(agent_install_ms "$job1")"
read -r warm_lib warm_devel warm_install <<<"$(agent_install_ms "$job2")"
script_lib=$(awk '$1 == "install-libraries" { print $2 }' "$work/script-timings.txt")
script_devel=$(awk '$1 == "install-devel" { print $2 }' "$work/script-timings.txt")

echo
echo "== per-step times of the agent's jobs (ms, from the '++ Exit' lines of each step log)"
printf '%-34s %10s %10s\n' step "job1 cold" "job2 warm"
for f in "$job1"/logs/*.log "$job1"/logs/*-pip-freeze.txt; do
  name=$(basename "$f")
  [[ -f "$job2/logs/$name" ]] || continue
  printf '%-34s %10s %10s\n' "$name" "$(agent_step_ms "$f")" "$(agent_step_ms "$job2/logs/$name")"
done

echo
echo "== results"
echo "index server: $index_server${LINK_MBPS:+ (files at most $LINK_MBPS MB/s)}"
printf 'rocm wheels                         %8.0f MB\n' "$(awk -v b="$wheel_bytes" 'BEGIN { print b / 1e6 }')"
printf 'agent wall (cold cache)             %8.2f s\n' "$agent_cold"
printf 'script wall (cold cache)            %8.2f s\n' "$script_wall"
printf 'agent / script                      %8.3f   (target <= 1.05)\n' "$(awk -v a="$agent_cold" -v s="$script_wall" 'BEGIN { print a / s }')"
printf 'agent install cold (libs+devel)     %8.2f s  (%.2f + %.2f)\n' \
  "$(awk -v m="$cold_install" 'BEGIN { print m / 1000 }')" "$(awk -v m="$cold_lib" 'BEGIN { print m / 1000 }')" "$(awk -v m="$cold_devel" 'BEGIN { print m / 1000 }')"
printf 'agent install warm (libs+devel)     %8.2f s  (%.2f + %.2f)\n' \
  "$(awk -v m="$warm_install" 'BEGIN { print m / 1000 }')" "$(awk -v m="$warm_lib" 'BEGIN { print m / 1000 }')" "$(awk -v m="$warm_devel" 'BEGIN { print m / 1000 }')"
printf 'script install cold (libs+devel)    %8.2f s  (%.2f + %.2f)\n' \
  "$(awk -v a="$script_lib" -v b="$script_devel" 'BEGIN { print a + b }')" "$script_lib" "$script_devel"
printf 'install cold / warm (agent)         %8.2f x  (target >= 3)\n' "$(awk -v c="$cold_install" -v w="$warm_install" 'BEGIN { print (w > 0 ? c / w : 0) }')"
printf 'agent wall (warm cache)             %8.2f s\n' "$agent_warm"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${KEEP_WORK:-0}" == 1 ]]; then
  echo "agent job logs: $job1/logs  $job2/logs; script logs: $script_work/logs"
fi
