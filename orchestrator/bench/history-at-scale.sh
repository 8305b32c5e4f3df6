#!/usr/bin/env bash
# A year of history (issue 17): fills a store with simulated history through the store's own write
# paths (`gfxfleet loadgen --history`), then measures the dashboard's reads, the database's size per
# result and per job, the lease path on that store against the same path on an empty store, and what
# pruning a month costs agents' leases. Prints every figure beside its target and the machine's load.
#   orchestrator/bench/history-at-scale.sh                 (PostgreSQL on 127.0.0.1:5432, user postgres)
#   STORE=sqlite orchestrator/bench/history-at-scale.sh    (SQLite files in a temporary folder)
#
# How the lease path is compared: two orchestrators serve at once, one on an empty store and one on
# the filled store; the same rounds (dispatch latency with agents waiting, then lease operations/s
# with a full queue) alternate between them (empty, filled, filled, empty, ...) REPS times each. Each
# filled round is paired with the empty round next to it in time; the verdict uses the pairs' ratios:
# their range holds the median ratio with probability 1 - 2/2^REPS (94 % for 5), and a verdict is
# printed only when that whole range is on one side of the 10 % line, else "inconclusive" with it.
#
# How pruning is measured: one load generator keeps 200 agents leasing on the filled store while a
# pruner removes the oldest month in PRUNE_STEPS slices (oldest first, 50 runs per transaction),
# resting between slices as long as the slice took (at least PRUNE_REST seconds). Lease operations
# are counted every 100 ms, so each slice's rate is compared with the rests on either side of it, in
# the same run. Rows removed, time spent pruning, and a month's rows before pruning are printed.
#
# Environment (defaults are TheRock's year; a full fill takes ~20 minutes on 2 idle cores):
#   STORE (postgres | sqlite), RUNS (100000), JOBS_PER_RUN (10), RESULTS_PER_JOB (30), DAYS (365),
#   FILL_THREADS (2; 1 on SQLite), SAMPLES reads per kind (200), REPS lease rounds per store (5),
#   DISPATCH_JOBS per round (600) submitted at DISPATCH_RATE per second (50), CAPACITY_JOBS per round (3000), PRUNE_STEPS (6), PRUNE_REST (3 s),
#   PGBENCH_SECONDS (20), PGDB database (test; a dedicated one keeps other users' tests apart),
#   PGURL (JDBC URL without currentSchema; overrides PGDB), KEEP_SCHEMA=1 keeps the filled schema,
#   FILLED_SCHEMA=name measures a schema an earlier run kept (PostgreSQL), FILLED_DB=file (SQLite).
#   Pruning removes rows: a kept schema measured again has lost its oldest month.
set -euo pipefail
{ # the whole script is read before it runs: editing it during a run (a long one) cannot change that run
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
store="${STORE:-postgres}"
[[ "$store" == postgres || "$store" == sqlite ]] || { echo "STORE must be postgres or sqlite, got '$store'"; exit 2; }
runs="${RUNS:-100000}"; jobs_per_run="${JOBS_PER_RUN:-10}"; results_per_job="${RESULTS_PER_JOB:-30}"; days="${DAYS:-365}"
if [[ "$store" == sqlite ]]; then threads="${FILL_THREADS:-1}"; else threads="${FILL_THREADS:-2}"; fi
samples="${SAMPLES:-200}"; reps="${REPS:-5}"; dispatch_jobs="${DISPATCH_JOBS:-600}"; dispatch_rate="${DISPATCH_RATE:-50}"
capacity_jobs="${CAPACITY_JOBS:-3000}"
prune_steps="${PRUNE_STEPS:-6}"; prune_rest="${PRUNE_REST:-3}"; seconds="${PGBENCH_SECONDS:-20}"
for v in runs jobs_per_run results_per_job days threads samples reps dispatch_jobs dispatch_rate capacity_jobs prune_steps prune_rest seconds; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'"; exit 2; }
done
((days > 30)) || { echo "DAYS must be more than 30 (the oldest month is pruned)"; exit 2; }
pgdb="${PGDB:-test}"
[[ "$pgdb" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "PGDB must be a plain database name"; exit 2; }
base_url="${PGURL:-jdbc:postgresql://127.0.0.1:5432/$pgdb?user=postgres}"
stamp="$(date +%s)"
empty_schema="hist_empty_$stamp"; full_schema="${FILLED_SCHEMA:-hist_full_$stamp}"
for s in "$empty_schema" "$full_schema"; do [[ "$s" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "schema names are lower-case letters, digits, _"; exit 2; }; done
work="$(mktemp -d)"
if [[ "$store" == sqlite ]]; then
  mkdir -p "$work/empty" "$work/full"
  empty_url="jdbc:sqlite:$work/empty/gfxfleet.db"
  full_db="${FILLED_DB:-$work/full/gfxfleet.db}"
  full_url="jdbc:sqlite:$full_db"; fill_url="$full_url"
else
  empty_url="$base_url&currentSchema=$empty_schema"
  full_url="$base_url&currentSchema=$full_schema"
  # The fill commits without waiting for the disk (synchronous_commit=off): the same store writes,
  # only not durable against a crash of the database, and several times faster here.
  fill_url="$full_url&options=-c%20synchronous_commit%3Doff"
fi
psql_() { psql -q -X -At -h 127.0.0.1 -U postgres -d "$pgdb" "$@"; }
sql() {  # a query on the filled store; columns separated by one space
  if [[ "$store" == postgres ]]; then
    PGOPTIONS="-c search_path=$full_schema" psql_ -F ' ' -c "$1"
  else
    python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print(" ".join("" if v is None else str(v) for v in row))' "$full_db" "$1"
  fi
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== building (mvn -B -pl orchestrator -am package -DskipTests)"
mvn -q -B -pl orchestrator -am package -DskipTests
jar="$root/orchestrator/target/orchestrator-0.1.0-SNAPSHOT.jar"
cp "$jar" "$work/orchestrator.jar"  # a rebuild meanwhile does not change what this run measures
jar="$work/orchestrator.jar"

declare -A orch_pid orch_port
agents_pid=""
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    for s in empty full; do
      [[ -f "$work/orchestrator-$s.log" ]] && { echo "== benchmark failed (exit $rc); the $s store's orchestrator log ends:"; tail -n 30 "$work/orchestrator-$s.log"; }
    done
  fi
  [[ -n "$agents_pid" ]] && kill "$agents_pid" 2>/dev/null || true
  for s in "${!orch_pid[@]}"; do kill "${orch_pid[$s]}" 2>/dev/null || true; done
  if [[ "$store" == postgres ]]; then
    psql_ -c "DROP SCHEMA IF EXISTS $empty_schema CASCADE" >/dev/null 2>&1 || true
    [[ "${KEEP_SCHEMA:-0}" == 1 || -n "${FILLED_SCHEMA:-}" ]] || psql_ -c "DROP SCHEMA IF EXISTS $full_schema CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

start_orchestrator() {  # name url
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -Xmx512m -jar "$jar" orchestrator serve --port "$port" --db-url "$2" --data-dir "$work/data-$1" \
    >"$work/orchestrator-$1.log" 2>&1 &
  orch_pid[$1]=$!; orch_port[$1]=$port
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && return 0; sleep 0.2; done
  echo "orchestrator ($1) did not start"; return 1
}
loadgen() {  # name, loadgen options...: output in $work/last.txt
  local name=$1; shift
  java -jar "$jar" loadgen --debug --orchestrator "http://127.0.0.1:${orch_port[$name]}" "$@" >"$work/last.txt"
}
field_dispatch() { awk '/after warm-up/ {print $4, $7}' "$work/last.txt"; }
field_ops() { awk '/^lease operations/ {print $5}' "$work/last.txt"; }
field_errors() { awk '/^errors/ {print $2}' "$work/last.txt"; }
field_cpu_per_op() { sed -n 's/.*orchestrator [0-9.]* s (\([0-9.]*\) ms per lease operation.*/\1/p' "$work/last.txt"; }

echo "== machine: $(nproc) cores, load average $(load) (other processes compete for the same cores)"
tps="n/a"
if [[ "$store" == postgres ]]; then
  echo "== pgbench simple update (-N), ${seconds}s, 8 clients, database $pgdb"
  pgbench -q -i -s 10 -h 127.0.0.1 -U postgres "$pgdb" >/dev/null 2>&1
  tps=$(pgbench -N -c 8 -j 2 -T "$seconds" -h 127.0.0.1 -U postgres "$pgdb" 2>/dev/null | awk '/^tps/ {print int($3); exit}')
  echo "pgbench TPS: $tps (load $(load))"
fi

echo "== 1. filling $runs runs x $jobs_per_run jobs x $results_per_job results over $days days ($store, $threads threads), load $(load)"
if [[ -n "${FILLED_SCHEMA:-}${FILLED_DB:-}" ]]; then
  echo "   (measuring the store an earlier run filled: ${FILLED_SCHEMA:-${FILLED_DB:-}})"
  echo "history: filled by an earlier run" >"$work/fill.txt"
else
  java -jar "$jar" loadgen --history --db-url "$fill_url" \
    --runs "$runs" --jobs-per-run "$jobs_per_run" --results-per-job "$results_per_job" --days "$days" --threads "$threads" \
    | tee "$work/fill.txt" | sed -u 's/^/   /'
fi
fill_line="$(tail -n 1 "$work/fill.txt") (load $(load))"
if [[ "$store" == postgres ]]; then psql_ -c "VACUUM ANALYZE" >/dev/null 2>&1 || true; else sql "ANALYZE" >/dev/null; fi

echo "== 2. database size ($store, indexes included)"
if [[ "$store" == postgres ]]; then
  psql_ -F ' ' -c "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace
                   WHERE n.nspname='$full_schema' AND c.relkind IN ('r','p') ORDER BY 2 DESC" >"$work/sizes.txt"
else
  sql "SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name
       WHERE m.tbl_name NOT LIKE 'sqlite_%' GROUP BY m.tbl_name ORDER BY 2 DESC" >"$work/sizes.txt"
fi
read -r results_n jobs_n <<<"$(sql "SELECT (SELECT COUNT(*) FROM result_rows), (SELECT COUNT(*) FROM jobs)")"
sed -u 's/^/   /' "$work/sizes.txt"
result_bytes=$(awk '$1 ~ /^(results|result_rows|result_batches|test_names|result_texts)$/ {s += $2} END {print s + 0}' "$work/sizes.txt")
job_bytes=$(awk '$1 ~ /^(jobs|leases|runs)$/ {s += $2} END {print s + 0}' "$work/sizes.txt")
total_bytes=$(awk '{s += $2} END {print s}' "$work/sizes.txt")

echo "== 3. orchestrators on the empty and the filled store (both serve until the end), load $(load)"
start_orchestrator empty "$empty_url"
start_orchestrator full "$full_url"

echo "== 4. dashboard reads on the filled store, $samples each, load $(load)"
sql "SELECT id FROM runs ORDER BY random() LIMIT 2000" >"$work/keys.txt"
families=$(sql "SELECT family FROM jobs GROUP BY family" | paste -sd, -)
tests=$(sql "SELECT test_id FROM test_names LIMIT 40" | paste -sd, -)
python3 orchestrator/bench/history_reads.py "http://127.0.0.1:${orch_port[full]}" "$samples" "$work/keys.txt" "$families" "$tests" \
  | tee "$work/reads.txt" | sed -u 's/^/   /'
worst_read=$(sed -n 's/^slowest dashboard read p99: //p' "$work/reads.txt")
reads_load=$(load)

echo "== 5. lease path: empty vs filled store, $reps rounds each, alternating ($dispatch_jobs jobs at $dispatch_rate/s with 200 agents waiting, then $capacity_jobs queued jobs for 200 agents); load $(load)"
for s in empty full; do  # JIT warm-up of both orchestrators, not counted
  loadgen "$s" --agents 100 --jobs 500 --rate 100 --batches 1 --batch-size 27
done
: >"$work/rounds.txt"
for ((rep = 1; rep <= reps; rep++)); do
  if ((rep % 2)); then order="empty full"; else order="full empty"; fi
  for s in $order; do
    loadgen "$s" --agents 200 --jobs "$dispatch_jobs" --rate "$dispatch_rate" --batches 1 --batch-size 27 --warmup-jobs 50
    read -r p50 p99 <<<"$(field_dispatch)"; errs=$(field_errors)
    loadgen "$s" --agents 200 --jobs "$capacity_jobs" --rate 100000 --batches 0 --batch-size 1 --queue-first
    ops=$(field_ops); cpu=$(field_cpu_per_op); errs=$((errs + $(field_errors)))
    echo "$rep $s $p50 $p99 $ops ${cpu:-nan} $errs $(load)" >>"$work/rounds.txt"
    printf '   round %d %-5s: dispatch p50 %6s ms, p99 %7s ms; lease operations/s %7s (orchestrator CPU %s ms each); errors %s; load %s\n' \
      "$rep" "$s" "$p50" "$p99" "$ops" "${cpu:-?}" "$errs" "$(load)"
  done
done

echo "== 6. pruning the oldest month while agents lease on the filled store"
cutoff_ms=$(( ($(date +%s) - (days - 30) * 86400) * 1000 ))
read -r month_runs month_jobs <<<"$(sql "SELECT COUNT(*), (SELECT COUNT(*) FROM jobs WHERE created_at < $cutoff_ms) FROM runs WHERE created_at < $cutoff_ms")"
month_results=$(sql "SELECT COALESCE(SUM(b.result_count), 0) FROM result_batches b JOIN leases l ON l.id = b.lease_id JOIN jobs j ON j.id = l.job_id WHERE j.created_at < $cutoff_ms")
echo "   older than $((days - 30)) days before pruning: $month_runs runs, $month_jobs jobs, $month_results results"
full_ops_median=$(awk '$2 == "full" {print $5}' "$work/rounds.txt" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
# Enough queued jobs that the agents outlast the pruning (paced, with rests as long as its slices: guessed
# at 1,500 results a second of wall clock on 2 loaded cores, plus a margin; each job also sends two result
# batches, which slows them somewhat), with half again as many; the agents are stopped after it.
prune_jobs=$(python3 -c "import sys; ops, res = float(sys.argv[1]), int(sys.argv[2]); secs = min(900, max(60, res / 1500 + 40)); print(max(3000, int(ops / 3 * secs * 1.5)))" \
  "$full_ops_median" "$month_results")
echo "-- agents: 200, $prune_jobs jobs queued up front, each job a lease, a heartbeat, 2 batches of 27 results, a completion; load $(load)"
java -jar "$jar" loadgen --orchestrator "http://127.0.0.1:${orch_port[full]}" --agents 200 --jobs "$prune_jobs" --rate 100000 \
  --batches 2 --batch-size 27 --queue-first --timeout 1800 --timeline "$work/timeline.txt" >"$work/prune-agents.txt" 2>&1 &
agents_pid=$!
queue_start=$(date +%s)
for _ in $(seq 1 1800); do grep -q '^agents started at' "$work/prune-agents.txt" && break; kill -0 "$agents_pid" 2>/dev/null || break; sleep 0.2; done
grep -q '^agents started at' "$work/prune-agents.txt" || { echo "the agents did not start"; cat "$work/prune-agents.txt"; exit 1; }
echo "   queue filled in $(( $(date +%s) - queue_start )) s; agents leasing"
sleep 3  # the agents settle before the first window
echo "-- pruner: older than $((days - 30)) days in $prune_steps slices, resting between them; load $(load)"
prune_load_start=$(load)
java -cp "$jar" io.gfxfleet.orchestrator.loadgen.PruneWindows "$full_url" "$((days - 30))" "$prune_steps" "$prune_rest" \
  "$work/data-full/job-logs" | tee "$work/prune.txt" | sed -u 's/^/   /'
prune_load_end=$(load)
sleep 2  # the agents' timeline must reach past the last rest's end before they stop
if kill -0 "$agents_pid" 2>/dev/null; then
  kill "$agents_pid"; wait "$agents_pid" 2>/dev/null || true
else
  wait "$agents_pid" 2>/dev/null || true
  echo "   (the agents ran out of queued jobs before the pruner finished: windows after that are left out)"
fi
agents_pid=""
left_after=$(sql "SELECT COUNT(*) FROM runs WHERE created_at < $cutoff_ms")
python3 - "$work/timeline.txt" "$work/prune.txt" >"$work/prune-verdict.txt" <<'PY'
import statistics, sys
timeline = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
windows = [l.split() for l in open(sys.argv[2]) if l.startswith(("rest ", "prune "))]
t0, t1 = timeline[0][0], timeline[-1][0]
def ops_at(t):
    for (ta, oa, _), (tb, ob, _) in zip(timeline, timeline[1:]):
        if ta <= t <= tb:
            return oa + (ob - oa) * (t - ta) / max(1, tb - ta)
    return None
def rate(w):
    a, b = int(w[2]), int(w[3])
    oa, ob = ops_at(a), ops_at(b)
    return None if oa is None or ob is None or b <= a else ((ob - oa), (b - a) / 1000)
rests = {int(w[1]): rate(w) for w in windows if w[0] == "rest"}
ratios, pruned_ops, pruned_s, rest_ops, rest_s, outside = [], 0, 0, 0, 0, 0
for w in windows:
    if w[0] != "prune":
        continue
    k, p = int(w[1]), rate(w)
    around = [rests.get(k - 1), rests.get(k)]
    if p is None or None in around:
        outside += 1
        continue
    r_ops, r_s = sum(x[0] for x in around), sum(x[1] for x in around)
    ratios.append((p[0] / p[1]) / (r_ops / r_s) if r_ops else float("nan"))
    pruned_ops += p[0]; pruned_s += p[1]; rest_ops += r_ops; rest_s += r_s
if not ratios:
    print("prune_figure n/a (no pruning window fell inside the agents' timeline)")
    sys.exit(0)
pooled = (pruned_ops / pruned_s) / (rest_ops / rest_s)
lo, hi, med = min(ratios), max(ratios), statistics.median(ratios)
conf = 1 - 2 / 2 ** len(ratios)
if conf < 0.9:
    verdict = f"inconclusive: {len(ratios)} slices are too few to judge (5 or more give a range that holds the median with >= 94 %)"
elif lo >= 0.9:
    verdict = f"holds (every slice >= 90 % of the rests around it; range holds the median with {conf:.0%})"
elif hi < 0.9:
    verdict = f"FAILS (every slice < 90 % of the rests around it)"
else:
    verdict = f"inconclusive: slice/rest ratios span {lo:.2f}..{hi:.2f}, across the 0.90 line"
print(f"prune_figure {pruned_ops / pruned_s:.0f} vs {rest_ops / rest_s:.0f} ops/s in the rests around ({(pooled - 1) * 100:+.0f} %);"
      f" per slice median {med:.2f} (range {lo:.2f}..{hi:.2f}, {len(ratios)} slices{', %d outside the timeline' % outside if outside else ''}); {verdict}")
PY
sed 's/^prune_figure /   lease operations\/s while pruning: /' "$work/prune-verdict.txt"
prune_summary=$(tail -n 1 "$work/prune.txt")

echo
echo "== summary ($store; load average at the end: $(load); 2 shared cores: figures move with the other processes' load)"
printf '%s\n' "history: $fill_line"
printf 'pgbench TPS (simple update):                 %s\n' "$tps"
printf 'slowest dashboard read p99:                  %s (target < 100 on PostgreSQL; every read in section 4; load %s)\n' "$worst_read" "$reads_load"
python3 - "$work/rounds.txt" "$tps" "$result_bytes" "$results_n" "$job_bytes" "$jobs_n" "$total_bytes" <<'PY'
import statistics, sys
rounds = [l.split() for l in open(sys.argv[1]) if l.strip()]
tps, rb, rn, jb, jn, tb = sys.argv[2:]
f = float
by = {"empty": {}, "full": {}}
for rep, s, p50, p99, ops, cpu, errs, *ld in rounds:
    by[s][int(rep)] = (f(p50), f(p99), f(ops), " ".join(ld), f(cpu))
reps = sorted(set(by["empty"]) & set(by["full"]))
conf = 1 - 2 / 2 ** len(reps) if reps else 0
def spread(values):
    return f"median {statistics.median(values):.1f}, range {min(values):.1f}..{max(values):.1f}"
def judge(name, idx, worse_is_higher, unit):
    e = [by["empty"][r][idx] for r in reps]
    full = [by["full"][r][idx] for r in reps]
    ratios = [b / a for a, b in zip(e, full) if a and a == a and b == b]  # x == x: not NaN
    if not ratios:
        print(f"{name + ', empty -> filled:':<45}n/a (not measured)")
        return
    e = [x for x in e if x == x]; full = [x for x in full if x == x]
    lo, hi, med = min(ratios), max(ratios), statistics.median(ratios)
    if worse_is_higher:
        verdict = ("holds" if hi <= 1.1 else "FAILS" if lo > 1.1 else "inconclusive")
    else:
        verdict = ("holds" if lo >= 0.9 else "FAILS" if hi < 0.9 else "inconclusive")
    why = (f"the {len(ratios)} paired ratios span {lo:.2f}..{hi:.2f}" +
           (f", across the {'1.10' if worse_is_higher else '0.90'} line" if verdict == "inconclusive" else
            f" (the range holds the median ratio with {conf:.0%})"))
    if verdict != "inconclusive" and conf < 0.9:
        verdict, why = "inconclusive", f"{len(ratios)} pairs are too few to judge (REPS=5 or more); ratios span {lo:.2f}..{hi:.2f}"
    print(f"{name + ', empty -> filled:':<47}{spread(e)} -> {spread(full)} {unit}; median ratio {med:.2f};"
          f" target within 10 %: {verdict}; {why}")
if reps:
    judge("dispatch p99", 1, True, "ms")
    judge("dispatch p50", 0, True, "ms")
    judge("lease ops/s", 2, False, "ops/s")
    # CPU the orchestrator spends per lease operation moves far less with other processes' load than
    # throughput does; it leaves out the database's own work, which the rates above include.
    judge("orchestrator CPU per lease op", 4, True, "ms")
    loads = [by[s][r][3] for r in reps for s in ("empty", "full")]
    print(f"{'load during the lease rounds:':<45}{loads[0]} .. {loads[-1]} (1/5/15-minute averages at each round's end)")
    if tps not in ("n/a", "", "0"):
        fops = statistics.median(by["full"][r][2] for r in reps)
        eops = statistics.median(by["empty"][r][2] for r in reps)
        print(f"{'lease ops / pgbench TPS:':<45}filled {fops / f(tps):.2f}, empty {eops / f(tps):.2f}")
print(f"{'database per stored result:':<45}{f(rb) / max(1, f(rn)):.0f} bytes (target <= 150; result tables {f(rb) / 1048576:.0f} MiB / {int(rn):,} results)")
print(f"{'database per job (runs, jobs, leases):':<45}{f(jb) / max(1, f(jn)):.0f} bytes ({int(jn):,} jobs); whole store {f(tb) / 1048576:.0f} MiB")
PY
printf '%-45s%s\n' "lease ops/s while pruning a month:" "$(sed 's/^prune_figure //' "$work/prune-verdict.txt"); target cost < 10 %; load $prune_load_start -> $prune_load_end"
printf '%-45s%s\n' "pruned:" "$prune_summary; a month was $month_runs runs, $month_jobs jobs, $month_results results; $left_after runs older than the cutoff remain (kept as a family's last verdict or unfinished)"
exit
}
