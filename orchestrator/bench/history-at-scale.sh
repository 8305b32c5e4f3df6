#!/usr/bin/env bash
# A year of history (issue 17): fills PostgreSQL with simulated history through the store's own
# write paths (`gfxfleet loadgen --history`), then measures the dashboard's reads, live updates,
# the lease path against the same path on an empty store (and pgbench on the same database),
# the database's size per result and per job, and what pruning a month costs agents' leases.
# Prints every figure beside its target and the machine's load.
#   orchestrator/bench/history-at-scale.sh        (PostgreSQL on 127.0.0.1:5432, user postgres, db test)
# Environment (defaults are TheRock's year; a full fill takes hours on 2 shared cores, so measure
# the fill rate at small scale first, e.g. RUNS=2000):
#   RUNS (100000), JOBS_PER_RUN (10), RESULTS_PER_JOB (30), DAYS (365), FILL_THREADS (2),
#   SAMPLES reads per kind (200), CAPACITY_JOBS jobs queued for the lease-capacity phase (6000),
#   PGBENCH_SECONDS (20), PGURL (JDBC URL without currentSchema), KEEP_SCHEMA=1 keeps the filled schema,
#   FILLED_SCHEMA=name measures a schema an earlier run kept instead of filling a new one.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
runs="${RUNS:-100000}"; jobs_per_run="${JOBS_PER_RUN:-10}"; results_per_job="${RESULTS_PER_JOB:-30}"; days="${DAYS:-365}"
threads="${FILL_THREADS:-2}"; samples="${SAMPLES:-200}"; capacity_jobs="${CAPACITY_JOBS:-6000}"; seconds="${PGBENCH_SECONDS:-20}"
base_url="${PGURL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
stamp="$(date +%s)"
empty_schema="hist_empty_$stamp"; full_schema="${FILLED_SCHEMA:-hist_full_$stamp}"
work="$(mktemp -d)"
psql_() { psql -q -X -At -h 127.0.0.1 -U postgres -d test "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== building (mvn -B -pl orchestrator -am package -DskipTests)"
mvn -q -B -pl orchestrator -am package -DskipTests
jar="$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar"

orch=""
cleanup() {
  local rc=$?
  if ((rc != 0)) && [[ -f "$work/orchestrator.log" ]]; then
    echo "== benchmark failed (exit $rc); the orchestrator's log ends:"; tail -n 40 "$work/orchestrator.log"
  fi
  [[ -n "$orch" ]] && kill "$orch" 2>/dev/null || true
  psql_ -c "DROP SCHEMA IF EXISTS $empty_schema CASCADE" >/dev/null 2>&1 || true
  [[ "${KEEP_SCHEMA:-0}" == 1 ]] || psql_ -c "DROP SCHEMA IF EXISTS $full_schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start_orchestrator() {  # schema
  [[ -n "$orch" ]] && { kill "$orch"; wait "$orch" 2>/dev/null || true; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -Xmx512m -jar "$jar" orchestrator serve --port "$port" --db-url "$base_url&currentSchema=$1" --data-dir "$work/data-$1" \
    >"$work/orchestrator.log" 2>&1 &
  orch=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && return 0; sleep 0.2; done
  echo "orchestrator did not start"; return 1
}
loadgen() { java -jar "$jar" loadgen --orchestrator "http://127.0.0.1:$port" "$@" | tee "$work/last.txt" | sed -u 's/^/   /'; }
field() { awk -v k="$1" 'index($0, k) == 4 {print $(NF - 0)}' "$work/last.txt"; }
lease_path() {  # label: dispatch latency with agents waiting, then lease operations/s with the queue full
  echo "-- $1: warm-up (not counted)"
  loadgen --agents 100 --jobs 500 --rate 100 --batches 1 --batch-size 27 >/dev/null
  echo "-- $1: dispatch latency, 200 agents waiting, 1,000 jobs at 50/s"
  loadgen --agents 200 --jobs 1000 --rate 50 --batches 1 --batch-size 27 --warmup-jobs 100
  dispatch_p99=$(awk '/after warm-up/ {print $7}' "$work/last.txt")
  echo "-- $1: lease capacity, 200 agents, $capacity_jobs jobs queued up front"
  loadgen --agents 200 --jobs "$capacity_jobs" --rate 100000 --batches 0 --batch-size 1 --queue-first
  lease_ops=$(awk '/lease operations/ {print $5}' "$work/last.txt")
}

echo "== machine: $(nproc) cores, load average $(load) (other processes compete for the same cores)"
echo "== pgbench simple update (-N), ${seconds}s, 8 clients, same database"
pgbench -q -i -s 10 -h 127.0.0.1 -U postgres test >/dev/null 2>&1
tps=$(pgbench -N -c 8 -j 2 -T "$seconds" -h 127.0.0.1 -U postgres test 2>/dev/null | awk '/^tps/ {print int($3); exit}')
echo "pgbench TPS: $tps"

echo "== 1. lease path on an empty store (schema $empty_schema), load $(load)"
start_orchestrator "$empty_schema"
lease_path "empty store"
empty_p99=$dispatch_p99; empty_ops=$lease_ops; empty_load=$(load)

echo "== 2. filling $runs runs x $jobs_per_run jobs x $results_per_job results over $days days (schema $full_schema, $threads threads), load $(load)"
kill "$orch"; wait "$orch" 2>/dev/null || true; orch=""
if [[ -n "${FILLED_SCHEMA:-}" ]]; then
  echo "   (FILLED_SCHEMA: measuring $full_schema as an earlier run filled it)"
  echo "history: schema $full_schema filled by an earlier run" >"$work/fill.txt"
else
  # The fill commits without waiting for the disk (synchronous_commit=off): it is the same store
  # writes, only not durable against a crash of the database, and several times faster here.
  java -jar "$jar" loadgen --history --db-url "$base_url&currentSchema=$full_schema&options=-c%20synchronous_commit%3Doff" \
    --runs "$runs" --jobs-per-run "$jobs_per_run" --results-per-job "$results_per_job" --days "$days" --threads "$threads" \
    | tee "$work/fill.txt" | sed -u 's/^/   /'
fi
fill_line=$(tail -n 1 "$work/fill.txt")
psql_ -c "VACUUM ANALYZE" >/dev/null 2>&1 || true

echo "== 3. database size (PostgreSQL, indexes and TOAST included)"
read -r results_n jobs_n <<<"$(psql_ -F ' ' -c "SELECT (SELECT COUNT(*) FROM $full_schema.results), (SELECT COUNT(*) FROM $full_schema.jobs)")"
psql_ -F ' ' -c "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace
                 WHERE n.nspname='$full_schema' AND c.relkind IN ('r','p') ORDER BY 2 DESC" >"$work/sizes.txt"
sed -u 's/^/   /' "$work/sizes.txt"
result_bytes=$(awk '$1 ~ /^(results|result_rows|result_batches|test_names|result_texts)$/ {s += $2} END {print s + 0}' "$work/sizes.txt")
job_bytes=$(awk '$1 ~ /^(jobs|leases|runs)$/ {s += $2} END {print s + 0}' "$work/sizes.txt")
total_bytes=$(awk '{s += $2} END {print s}' "$work/sizes.txt")

echo "== 4. dashboard reads on the filled store, $samples each, load $(load)"
start_orchestrator "$full_schema"
psql_ -c "SELECT id FROM $full_schema.runs ORDER BY random() LIMIT 2000" >"$work/keys.txt"
families=$(psql_ -c "SELECT string_agg(family, ',') FROM (SELECT DISTINCT family FROM $full_schema.jobs) f")
tests=$(psql_ -c "SELECT string_agg(test_id, ',') FROM (SELECT DISTINCT test_id FROM (SELECT test_id FROM $full_schema.results LIMIT 5000) s LIMIT 40) t")
python3 orchestrator/bench/history_reads.py "http://127.0.0.1:$port" "$samples" "$work/keys.txt" "$families" "$tests" | tee "$work/reads.txt" | sed -u 's/^/   /'
worst_read=$(sed -n 's/^slowest dashboard read p99: //p' "$work/reads.txt")
reads_load=$(load)

echo "== 5. lease path on the filled store, load $(load)"
lease_path "filled store"
full_p99=$dispatch_p99; full_ops=$lease_ops; full_load=$(load)

echo "== 6. pruning the oldest month while agents work"
echo "-- agents alone (baseline, just before), load $(load)"
loadgen --agents 200 --jobs "$capacity_jobs" --rate 100000 --batches 0 --batch-size 1 --queue-first >/dev/null
baseline_ops=$(awk '/lease operations/ {print $5}' "$work/last.txt")
echo "   lease operations/s: $baseline_ops"
echo "-- agents while 'orchestrator prune --older-than $((days - 30))' runs, load $(load)"
( sleep 2; /usr/bin/time -f "%e" -o "$work/prune.time" java -jar "$jar" orchestrator prune --older-than "$((days - 30))" \
    --db-url "$base_url&currentSchema=$full_schema" --data-dir "$work/data-$full_schema" >"$work/prune.txt" 2>&1 ) &
pruner=$!
loadgen --agents 200 --jobs "$capacity_jobs" --rate 100000 --batches 0 --batch-size 1 --queue-first >/dev/null
pruning_ops=$(awk '/lease operations/ {print $5}' "$work/last.txt")
wait "$pruner"
echo "   lease operations/s: $pruning_ops; prune: $(tail -n 1 "$work/prune.txt") in $(cat "$work/prune.time") s"
prune_seconds=$(cat "$work/prune.time")
agents_seconds=$(awk '/jobs completed/ {print $(NF-1)}' "$work/last.txt")

echo
echo "== summary (load average at the end: $(load); 2 shared cores: figures move with the other processes' load)"
printf '%s\n' "history: $fill_line"
printf 'pgbench TPS (simple update):                 %s\n' "$tps"
printf 'slowest dashboard read p99:                  %s (target < 100; every read in section 4; load %s)\n' "$worst_read" "$reads_load"
python3 - "$empty_p99" "$full_p99" "$empty_ops" "$full_ops" "$tps" "$result_bytes" "$results_n" "$job_bytes" "$jobs_n" \
  "$total_bytes" "$baseline_ops" "$pruning_ops" "$empty_load" "$full_load" "$prune_seconds" "$agents_seconds" <<'PY'
import sys
e99, f99, eops, fops, tps, rb, rn, jb, jn, tb, base, pruning, el, fl, ps, ags = sys.argv[1:]
f = float
def ratio(a, b):
    return f(a) / f(b) if f(b) else float("nan")
print(f"dispatch p99, empty -> filled store:         {e99} -> {f99} ms ({(ratio(f99, e99) - 1) * 100:+.0f} %; target within 10 %; load {el} / {fl})")
print(f"lease ops/s, empty -> filled store:          {eops} -> {fops} ({(ratio(fops, eops) - 1) * 100:+.0f} %; target within 10 %)")
print(f"lease ops / pgbench TPS, filled store:       {ratio(fops, tps):.2f} (empty store {ratio(eops, tps):.2f})")
print(f"database per stored result:                  {f(rb) / max(1, f(rn)):.0f} bytes (target <= 150; result tables {f(rb) / 1048576:.0f} MiB / {int(rn):,} results)")
print(f"database per job (runs, jobs, leases):       {f(jb) / max(1, f(jn)):.0f} bytes ({int(jn):,} jobs); whole schema {f(tb) / 1048576:.0f} MiB")
print(f"lease ops/s while pruning a month:           {pruning} vs {base} alone ({(ratio(pruning, base) - 1) * 100:+.0f} %; target cost < 10 %;"
      f" prune took {ps} s of the agents' {ags} s)")
PY
