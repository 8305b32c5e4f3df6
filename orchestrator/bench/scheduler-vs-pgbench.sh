#!/usr/bin/env bash
# Scheduler benchmark: the orchestrator on PostgreSQL under `gfxfleet loadgen`, next to pgbench's
# simple-update workload on the same database in the same run. Prints figures and ratios.
#   orchestrator/bench/scheduler-vs-pgbench.sh            (PostgreSQL on 127.0.0.1:5432, user postgres, db test)
# Environment: PGURL (JDBC URL), PGBENCH_SECONDS (default 20).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./gfxfleet --help >/dev/null   # builds the jars if needed
jar="$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar"
seconds="${PGBENCH_SECONDS:-20}"
schema="bench_$(date +%s)"
pgurl="${PGURL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}&currentSchema=$schema"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  local rc=$?
  if ((rc != 0)) && [[ -f "$work/orchestrator.log" ]]; then
    echo "== benchmark failed (exit $rc); the orchestrator's log ends:"; tail -n 40 "$work/orchestrator.log"
  fi
  [[ -n "${orch:-}" ]] && kill "$orch" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the same cores)"
echo "== pgbench simple update (-N), ${seconds}s, 8 clients, same database"
pgbench -q -i -s 10 -h 127.0.0.1 -U postgres test >/dev/null 2>&1
tps=$(pgbench -N -c 8 -j 2 -T "$seconds" -h 127.0.0.1 -U postgres test 2>/dev/null | awk '/^tps/ {print int($3); exit}')
echo "pgbench TPS: $tps"

echo "== orchestrator on PostgreSQL (schema $schema), port $port"
java -Xmx512m -jar "$jar" orchestrator serve --port "$port" --db-url "$pgurl" --data-dir "$work" >"$work/orchestrator.log" 2>&1 &
orch=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.2; done

run() { echo "-- loadgen $*"; java -jar "$jar" loadgen --orchestrator "http://127.0.0.1:$port" "$@" | tee "$work/last.txt"; }

echo "== 0. warm-up, not counted: 200 agents, 1,000 jobs at 100/s (a service runs warm; a fresh JVM compiles for its first minute)"
run --agents 200 --jobs 1000 --rate 100 --batches 1 --batch-size 27 >/dev/null
echo "== 1. dispatch latency: 200 agents waiting, 2,000 jobs at 50/s (the loadgen's own first 200 are also reported apart)"
run --agents 200 --jobs 2000 --rate 50 --batches 1 --batch-size 27 --warmup-jobs 200
p99_all=$(awk '/^dispatch latency/ {print $7}' "$work/last.txt")
p99_warm=$(awk '/after warm-up/ {print $7}' "$work/last.txt")
echo "== 2. sustained submissions: 1,000 agents, 6,000 jobs at 200/s"
run --agents 1000 --jobs 6000 --rate 200 --batches 1 --batch-size 27
lease_ops=$(awk '/lease operations/ {print $5}' "$work/last.txt")
heap=$(curl -s "http://127.0.0.1:$port/api/v1/health" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["heap_used_bytes"]/1048576))')
echo "== 3. lease operation capacity: 200 agents, 12,000 jobs queued up front, no results (acquire, heartbeat, complete)"
run --agents 200 --jobs 12000 --rate 100000 --batches 0 --batch-size 1 --queue-first
capacity_ops=$(awk '/lease operations/ {print $5}' "$work/last.txt")
echo "== 4. results throughput: 200 agents, 400 jobs, 10 batches of 500 results each"
run --agents 200 --jobs 400 --rate 400 --batches 10 --batch-size 500
echo
echo "== summary"
echo "pgbench TPS (simple update):              $tps"
echo "dispatch latency p99, 200 agents waiting:  ${p99_all} ms; without the first 200 jobs: ${p99_warm} ms (target < 50)"
echo "lease operations/s at 1,000 agents:       $lease_ops (bounded by the 200/s submission rate)"
echo "lease operations/s, queue full:           $capacity_ops (timed from the agents' start; the queue is filled before)"
python3 -c "print(f'lease ops / pgbench TPS:                  {float($capacity_ops)/$tps:.2f} (target >= 0.5)')"
echo "orchestrator heap after 1,000 agents:     ${heap} MiB (target < 512)"
echo "kill -9 re-lease time: see AgentKilledMidJobTest output (agent/target/surefire-reports)"
