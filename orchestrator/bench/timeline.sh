#!/usr/bin/env bash
# End-to-end timeline benchmark (not a test): from `gfxfleet publish` finishing to the verdict on
# the orchestrator, less the agent's own pip installs and `rocm-sdk test` runs (target <= 5 s),
# with the breakdown: submission (the build job's `gfxfleet submit` until the job exists), dispatch
# (job created -> lease granted to an agent already waiting), plan, venv and the steps' own work
# (the steps less pip and the tests), streaming (results drained after the last step), completion
# (logs uploaded, completion sent, verdict recorded). A real orchestrator (SQLite), a real agent
# (`./gfxfleet agent run --once --gpu-family F`, waiting before the publish), the sample packages
# (`gfxfleet samples build`), real pip and venvs. Timestamps: the script's clock around publish,
# the orchestrator's job created_at/started_at/finished_at (GET /api/v1/runs/ID), the agent's log
# ("job ... timeline:" from its PhaseClock) and its step logs' "++ Exit ... after N ms" lines.
#   orchestrator/bench/timeline.sh [WORK_DIR]     (default /tmp/gfxfleet-timeline; emptied first)
# Environment: RUNS (default 3: each a fresh publish, submit and agent; the agent's caches are kept
#   between runs, as on a runner), KEEP_WORK=1 keeps WORK_DIR.
# Needs: Java 17, python3 with venv, curl. Prints the load average beside every figure.
set -euo pipefail
VERSION=7.10.0a20261125
FAMILY=gfx94X-dcgpu
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/gfxfleet-timeline}"
runs="${RUNS:-3}"
case "$work" in /|"") echo "refusing WORK_DIR '$work'" >&2; exit 2 ;; esac
missing=()
for tool in java python3 curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=("python3 venv/ensurepip (Debian: apt-get install python3-venv)")
if ((${#missing[@]})); then echo "timeline.sh needs: ${missing[*]}"; exit 2; fi

launcher="$root/gfxfleet"
"$launcher" --help >/dev/null            # builds the jars if needed; dumps the publish CDS archive
"$launcher" agent --version >/dev/null   # dumps the agent's CDS archive: nothing measured pays for it
"$launcher" submit --help >/dev/null     # and submit's (where it has its own)
orchestrator_pid="" agent_pid=""
cleanup() {
  for pid in "$agent_pid" "$orchestrator_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  if [[ "${KEEP_WORK:-0}" != 1 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work"
load() { cut -d' ' -f1 /proc/loadavg; }
now_ms() { date +%s%3N; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$launcher" samples build --out "$work/samples" --rocm-version "$VERSION" --families "$FAMILY" >/dev/null
pkgs="$work/packages"
"$launcher" deps publish --packages-dir "$work/samples/deps" --output-dir "$pkgs" >/dev/null

# The agent's interpreter (python3) is the run's only version: a run naming none gets one job per
# version the platform is tested with (3.10, 3.11, 3.12), and --wait would wait for jobs no agent takes.
python_version=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
java -jar "$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar" orchestrator serve --port "$port" \
  --data-dir "$work/orchestrator" --packages-dir "$pkgs" >"$work/orchestrator.log" 2>&1 &
orchestrator_pid=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "$base/api/v1/health" && break
  kill -0 "$orchestrator_pid" 2>/dev/null || { echo "orchestrator died:" >&2; tail -20 "$work/orchestrator.log" >&2; exit 2; }
  sleep 0.25
done

for n in $(seq 1 "$runs"); do
  run_id="timeline$n"
  echo
  echo "== run $n of $runs ($run_id), load $(load)"
  # The agent first, as on a runner: it is waiting (long poll) when the build publishes.
  agent_log="$work/agent-$n.log"
  "$launcher" agent run --orchestrator "$base" --gpu-family "$FAMILY" --once --work-dir "$work/agent" \
    --agent-id timeline-agent --min-free-disk-gb 1 >"$agent_log" 2>&1 &
  agent_pid=$!
  # In its long poll: the orchestrator counts it among its waiting agents. (The agent list is no
  # sign: it keeps the agent of the run before, so run 2 used to publish while the agent was still
  # starting, and "dispatch" measured the agent's start.)
  waiting=""
  for _ in $(seq 1 1200); do
    kill -0 "$agent_pid" 2>/dev/null || { echo "agent exited before polling:" >&2; tail -20 "$agent_log" >&2; exit 2; }
    curl -sf "$base/api/v1/health" 2>/dev/null | grep -q '"waiting_agents" *: *[1-9]' && { waiting=1; break; }
    sleep 0.1
  done
  [[ -n "$waiting" ]] || { echo "the agent did not reach its long poll in 120 s:" >&2; tail -20 "$agent_log" >&2; exit 2; }
  load_publish=$(load)
  "$launcher" publish --packages-dir "$work/samples/dist" --run-id "$run_id" --artifact-group "$FAMILY" --platform linux \
    --output-dir "$pkgs" >"$work/publish-$n.log" 2>&1
  published_ms=$(now_ms)
  submit_args=(--orchestrator "$base" --run-id "$run_id" --platform linux --artifact-group "$FAMILY"
    --rocm-version "$VERSION" --families "$FAMILY" --python "$python_version" --deps-index "$base/packages/python-deps/simple/"
    --run-index "$base/packages/$run_id-linux/python/$FAMILY/simple/")
  "$launcher" submit "${submit_args[@]}" --wait --timeout 10m >"$work/submit-$n.log" 2>&1 || true
  submit_exit_ms=$(now_ms)
  agent_rc=0
  wait "$agent_pid" || agent_rc=$?
  agent_pid=""
  ((agent_rc == 0)) || { echo "agent exited $agent_rc:"; tail -20 "$agent_log"; }
  run_key=$(sed -n "s/^dashboard: .*[?&]id=\([0-9a-zA-Z-]*\).*/\1/p" "$work/submit-$n.log")
  [[ -n "$run_key" ]] || { echo "submit said:"; cat "$work/submit-$n.log"; exit 2; }
  curl -sf "$base/api/v1/runs/$run_key" >"$work/run-$n.json"
  job_dir=$(ls -td "$work/agent/jobs"/*/ | head -1)
  load_verdict=$(load)
  # The submission's CPU: the same submit again (the run exists: "already submitted"), untimed, as
  # the timed one's CPU also holds its following of the run until the verdict.
  submit_cpu=$( { TIMEFORMAT='%U %S'; time "$launcher" submit "${submit_args[@]}" >/dev/null 2>&1 || true; } 2>&1 | tail -1)
  python3 - "$work/run-$n.json" "$agent_log" "$job_dir" "$published_ms" "$submit_exit_ms" "$load_publish" "$load_verdict" "$submit_cpu" <<'PY'
import json, re, sys, glob, os
from datetime import datetime
run_json, agent_log, job_dir, published_ms, submit_exit_ms, load0, load1, submit_cpu = sys.argv[1:]
published, submit_exit = int(published_ms) / 1000, int(submit_exit_ms) / 1000
run = json.load(open(run_json))
jobs = run.get("jobs") or []
if not jobs:
    sys.exit("no jobs in the run: " + json.dumps(run)[:400])
job = jobs[0]
ts = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
created, started, finished = ts(job["created_at"]), ts(job["started_at"]), ts(job["finished_at"])
timeline, cpu = {}, {}
for line in open(agent_log, errors="replace"):
    for label, into in (("timeline", timeline), ("agent cpu", cpu)):
        m = re.search(label + r": (.*)$", line)
        if m and m.group(1).strip():
            for part in m.group(1).split(", "):
                name, ms, _ = part.rsplit(" ", 2)
                into[name] = int(ms) / 1000
def cpu_of(*names):
    return f"cpu {sum(cpu.get(n, 0.0) for n in names):.2f} s" if cpu else "cpu ?"
submit_user_sys = [float(x) for x in submit_cpu.split()] if re.match(r"^[0-9.]+ [0-9.]+$", submit_cpu.strip()) else None
def exit_ms(pattern):
    total = 0
    for f in glob.glob(os.path.join(job_dir, "logs", pattern)):
        for line in open(f, errors="replace"):
            m = re.match(r"^\+\+ Exit [0-9-]+.* after ([0-9]+) ms$", line.strip())
            if m:
                total += int(m.group(1))
    return total / 1000
pip = exit_ms("*-install.log") + exit_ms("*-bootstrap.log")
tests = exit_ms("*-test.log")
venv_exec = exit_ms("*-venv.log")
template_wait = template_copy = 0.0
for f in glob.glob(os.path.join(job_dir, "logs", "*-venv.log")):
    for line in open(f, errors="replace"):
        m = re.search(r"waited ([0-9]+) ms for the template venv", line)
        if m:
            template_wait += int(m.group(1)) / 1000
        m = re.search(r"copied from the template venv .* in ([0-9]+) ms", line)
        if m:
            template_copy += int(m.group(1)) / 1000
total = finished - published
net = total - pip - tests
steps = timeline.get("steps", 0.0)
plan = timeline.get("plan", 0.0)
streaming = timeline.get("results drained", 0.0)
completion = timeline.get("logs uploaded", 0.0) + timeline.get("completed", 0.0)
agent_side = plan + steps + streaming + completion
# steps' own work: what the steps spent outside pip and the tests (venv creation or template copy,
# the index proxy, parsing, freeze beside the tests); the PhaseClock's "steps" starts after "plan".
step_own = steps - pip - tests
print(f"verdict: {job['state']} (agent exit, publish -> submit --wait exit {submit_exit - published:.2f} s)")
print(f"publish end -> verdict on the orchestrator   {total:7.2f} s")
print(f"  less pip installs                          {pip:7.2f} s")
print(f"  less rocm-sdk test                         {tests:7.2f} s")
print(f"  = timeline                                 {net:7.2f} s   target <= 5 s: {'holds' if net <= 5 else 'MISSED'}   (load {load0} -> {load1})")
print("breakdown:")
print(f"  submission  publish end -> job created     {created - published:7.2f} s  (./gfxfleet submit: JVM start, POST /runs;"
      + (f" cpu {sum(submit_user_sys):.2f} s" if submit_user_sys else " cpu ?") + " for a submit alone)")
print(f"  dispatch    job created -> lease granted   {started - created:7.2f} s  (agent waiting in its long poll)")
print(f"  plan        run index read, plan made      {plan:7.2f} s  (agent {cpu_of('plan')})")
print(f"  venv+steps  steps less pip and tests       {step_own:7.2f} s  (of which venv commands {venv_exec:.2f} s, waiting for the template venv {template_wait:.2f} s, pip from it {template_copy:.2f} s; agent {cpu_of('steps')} in the steps, pip and tests' own not counted)")
print(f"  streaming   results drained after steps    {streaming:7.2f} s  (agent {cpu_of('results drained')})")
print(f"  completion  logs uploaded, completed       {completion:7.2f} s  (agent {cpu_of('logs uploaded', 'completed')})")
gap = (finished - started) - agent_side
print(f"  other       lease -> verdict not in the agent's phases {gap:7.2f} s  (lease reply to the agent, JUnit launch, clocks)")
PY
done
