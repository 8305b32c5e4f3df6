#!/usr/bin/env bash
# Scheduler benchmark: the orchestrator on PostgreSQL under `gfxfleet loadgen`, next to pgbench's
# simple-update workload on the same database, in two conditions: the machine as it is ("quiet")
# and beside a fixed CPU hog on every core ("hog": stress-ng --cpu N, else N shell busy loops; the
# same hog for pgbench and for the orchestrator). Prints every figure beside its target and the
# load average.
#   orchestrator/bench/scheduler-vs-pgbench.sh            (PostgreSQL on 127.0.0.1:5432, user postgres, db test)
# Environment: PGURL (JDBC URL), PGBENCH_SECONDS (default 20), CONDITIONS (default "quiet hog"),
#   DISPATCH_JOBS (2000), SUSTAIN_JOBS (6000), CAPACITY_JOBS (12000): smaller for a quicker run.
# Needs: pgbench and psql (Debian: postgresql-client), curl, python3; stress-ng for the hog when installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
missing=()
for tool in pgbench psql curl python3 java; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  echo "scheduler-vs-pgbench.sh needs: ${missing[*]} (Debian: apt-get install postgresql-client curl python3 openjdk-17-jdk-headless)"; exit 2
fi
./gfxfleet --help >/dev/null   # builds the jars if needed
jar="$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar"
seconds="${PGBENCH_SECONDS:-20}"
conditions="${CONDITIONS:-quiet hog}"
dispatch_jobs="${DISPATCH_JOBS:-2000}"
sustain_jobs="${SUSTAIN_JOBS:-6000}"
capacity_jobs="${CAPACITY_JOBS:-12000}"
schema="bench_$(date +%s)"
pgurl="${PGURL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}&currentSchema=$schema"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cores=$(nproc)
hog_pids=()

start_hog() {
  if command -v stress-ng >/dev/null; then
    stress-ng --cpu "$cores" --cpu-method int64 --quiet & hog_pids+=($!)
  else
    for _ in $(seq 1 "$cores"); do sh -c 'while :; do :; done' & hog_pids+=($!); done
  fi
  sleep 1   # its workers at full speed before anything is timed
}
stop_hog() {
  local pid
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${hog_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  hog_pids=()
}
hog_name() { command -v stress-ng >/dev/null && echo "stress-ng --cpu $cores --cpu-method int64" || echo "$cores shell busy loops (no stress-ng)"; }
load() { cut -d' ' -f1 /proc/loadavg; }

cleanup() {
  local rc=$?
  stop_hog
  if ((rc != 0)) && [[ -f "$work/orchestrator.log" ]]; then
    echo "== benchmark failed (exit $rc); the orchestrator's log ends:"; tail -n 40 "$work/orchestrator.log"
  fi
  [[ -n "${orch:-}" ]] && kill "$orch" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the same cores); hog: $(hog_name)"
pgbench -q -i -s 10 -h 127.0.0.1 -U postgres test >/dev/null 2>&1

echo "== orchestrator on PostgreSQL (schema $schema), port $port"
java -Xmx512m -jar "$jar" orchestrator serve --port "$port" --db-url "$pgurl" --data-dir "$work" >"$work/orchestrator.log" 2>&1 &
orch=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.2; done

# A phase that does not finish (e.g. loadgen's timeout on an overloaded machine) is reported as
# missed (its figures "nan"), and the other phases and conditions still run.
run() {
  echo "-- loadgen $* (load $(load))"
  if ! java -jar "$jar" loadgen --orchestrator "http://127.0.0.1:$port" "$@" | tee "$work/last.txt"; then
    echo "-- loadgen did not finish: this phase's figures count as missed"
    echo "did not finish" >"$work/last.txt"
  fi
}

echo "== warm-up, not counted: 200 agents, 1,000 jobs at 100/s (a service runs warm; a fresh JVM compiles for its first minute)"
run --agents 200 --jobs 1000 --rate 100 --batches 1 --batch-size 27 >/dev/null

declare -A fig
for cond in $conditions; do
  echo
  echo "==== condition: $cond"
  [[ $cond == hog ]] && start_hog
  fig[$cond.load_start]=$(load)
  echo "== pgbench simple update (-N), ${seconds}s, 8 clients, same database (load $(load))"
  fig[$cond.tps]=$(pgbench -N -c 8 -j 2 -T "$seconds" -h 127.0.0.1 -U postgres test 2>/dev/null | awk '/^tps/ {print int($3); exit}')
  echo "pgbench TPS: ${fig[$cond.tps]}"
  echo "== 1. dispatch latency: 200 agents waiting, $dispatch_jobs jobs at 50/s (the first 200 also reported apart)"
  run --agents 200 --jobs "$dispatch_jobs" --rate 50 --batches 1 --batch-size 27 --warmup-jobs 200
  fig[$cond.p50]=$(awk '/^dispatch latency/ {print $4}' "$work/last.txt")
  fig[$cond.p99]=$(awk '/^dispatch latency/ {print $7}' "$work/last.txt")
  fig[$cond.p99warm]=$(awk '/after warm-up/ {print $7}' "$work/last.txt")
  fig[$cond.load1]=$(load)
  echo "== 2. sustained submissions: 1,000 agents, $sustain_jobs jobs at 200/s"
  run --agents 1000 --jobs "$sustain_jobs" --rate 200 --batches 1 --batch-size 27
  fig[$cond.cycles]=$(awk '/^lease cycles/ {print $5}' "$work/last.txt")
  fig[$cond.sustain_p50]=$(awk '/^dispatch latency/ {print $4}' "$work/last.txt")
  fig[$cond.sustain_p99]=$(awk '/^dispatch latency/ {print $7}' "$work/last.txt")
  fig[$cond.load2]=$(load)
  echo "== 3. lease operation capacity: 200 agents, $capacity_jobs jobs queued up front, no results (acquire, heartbeat, complete)"
  run --agents 200 --jobs "$capacity_jobs" --rate 100000 --batches 0 --batch-size 1 --queue-first
  fig[$cond.ops]=$(awk '/lease operations/ {print $5}' "$work/last.txt")
  fig[$cond.load3]=$(load)
  [[ $cond == hog ]] && stop_hog
done
heap=$(curl -s "http://127.0.0.1:$port/api/v1/health" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["heap_used_bytes"]/1048576))')

echo
echo "== summary (load = 1-minute load average when the phase ended; $cores cores)"
for cond in $conditions; do
  target_p99=10; [[ $cond == hog ]] && target_p99=100
  python3 - "$cond" "${fig[$cond.tps]}" "${fig[$cond.p50]}" "${fig[$cond.p99]}" "${fig[$cond.p99warm]}" "${fig[$cond.load1]}" \
    "${fig[$cond.cycles]}" "${fig[$cond.sustain_p50]}" "${fig[$cond.sustain_p99]}" "${fig[$cond.load2]}" \
    "${fig[$cond.ops]}" "${fig[$cond.load3]}" "$target_p99" "${fig[$cond.load_start]}" <<'PY'
import sys
(cond, tps, p50, p99, p99warm, load1, cycles, sp50, sp99, load2, ops, load3, target, load0) = sys.argv[1:]
num = lambda v: float(v) if v not in ("", None) else float("nan")
tps, p50, p99, p99warm, cycles, sp50, sp99, ops, target = map(num, (tps, p50, p99, p99warm, cycles, sp50, sp99, ops, target))
ok = lambda b: "holds" if b else "MISSED"
print(f"[{cond}] pgbench TPS (simple update)                 {tps:.0f}  (load {load0} at the start)")
print(f"[{cond}] dispatch, 200 agents waiting           p50 {p50:.1f} ms, p99 {p99:.1f} ms (without the first 200: {p99warm:.1f}); "
      f"target p99 < {target:.0f} ms: {ok(p99 < target)}  (load {load1})")
keeps = cycles >= 0.95 * 200 and sp99 < 1000
print(f"[{cond}] 1,000 agents at 200 jobs/s              {cycles:.1f} cycles/s, dispatch p50 {sp50:.1f} ms, p99 {sp99:.1f} ms; "
      f"keeps up (>= 190 cycles/s, p99 < 1 s): {ok(keeps)}  (load {load2})")
print(f"[{cond}] lease operations/s, queue full          {ops:.1f} = {ops / tps:.2f} x pgbench; target >= 1.0: {ok(ops / tps >= 1.0)}  (load {load3})")
PY
done
echo "orchestrator heap at the end:              ${heap} MiB (target < 512)"
