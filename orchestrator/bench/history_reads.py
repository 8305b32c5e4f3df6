#!/usr/bin/env python3
"""Dashboard reads against an orchestrator holding a year of history: p50/p99 per kind of read.

Used by history-at-scale.sh. Standard library only: one keep-alive connection, requests one after
another (what one dashboard does), each timed from send to the last byte of the body.
    history_reads.py BASE_URL SAMPLES RUN_KEYS_FILE FAMILIES_CSV TEST_IDS_CSV
Prints one line per read: name, samples, p50 ms, p99 ms, max ms, the orchestrator's CPU per read
(its process CPU over the kind's requests divided by their number: unlike latency, it hardly moves
with the other processes' load on a shared machine), and 'FAIL' lines for errors.
"""
import http.client
import json
import random
import socket
import sys
import threading
import time
import urllib.parse

base, samples, keys_file, families, tests = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split(","), sys.argv[5].split(",")
url = urllib.parse.urlparse(base)
keys = [k.strip() for k in open(keys_file) if k.strip()]
rng = random.Random(17)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
failures = 0
worst = (0.0, "")


def get(path):
    global failures
    t0 = time.perf_counter()
    conn.request("GET", "/api/v1" + path)
    resp = conn.getresponse()
    body = resp.read()
    ms = (time.perf_counter() - t0) * 1000
    if resp.status != 200:
        failures += 1
        print(f"FAIL {path} -> {resp.status} {body[:200]!r}")
    return ms, resp, body


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(-(-p * len(s) // 1)) - 1))]


def cpu_seconds():
    conn.request("GET", "/api/v1/health")
    resp = conn.getresponse()
    return json.loads(resp.read()).get("cpu_seconds", float("nan"))


def measure(name, paths):
    for p in (paths * 2)[:20]:  # warm: the first calls compile the route's code (JIT threads would bill their CPU to the read)
        get(p)
    cpu0 = cpu_seconds()
    times = [get(p)[0] for p in paths]
    cpu_ms = (cpu_seconds() - cpu0) * 1000 / len(times)
    note(name, times)
    print(f"{name:<34} {len(times):>5} {pct(times, 0.5):>9.1f} {pct(times, 0.99):>9.1f} {max(times):>9.1f} {cpu_ms:>9.2f}")
    sys.stdout.flush()


def note(name, times):
    global worst
    if pct(times, 0.99) > worst[0]:
        worst = (pct(times, 0.99), name)


def q(**kw):
    return urllib.parse.urlencode(kw)


print(f"{'read':<34} {'n':>5} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'cpu ms':>9}")
n = samples
measure("matrix: first page", ["/matrix?" + q(limit=25)] * n)
measure("matrix: family filter", ["/matrix?" + q(limit=25, family=rng.choice(families)) for _ in range(n)])
measure("matrix: family + verdict=failed", ["/matrix?" + q(limit=25, family=rng.choice(families), verdict="failed") for _ in range(n)])
measure("matrix: version text", ["/matrix?" + q(limit=25, version="a2026" + f"{rng.randint(1, 12):02d}") for _ in range(n)])
measure("matrix: deep page (offset)", ["/matrix?" + q(limit=25, offset=rng.randint(0, max(0, len(keys) - 25))) for _ in range(n)])
measure("run page (GET /runs/{id}/progress)", ["/runs/" + rng.choice(keys) + "/progress" for _ in range(n)])
measure("run (GET /runs/{id})", ["/runs/" + rng.choice(keys) for _ in range(n)])
measure("test history (GET /history)", ["/history?" + q(family=rng.choice(families), test_id=rng.choice(tests), runs=20) for _ in range(n)])
measure("last red (GET /families/F/last-red)", ["/families/" + rng.choice(families) + "/last-red" for _ in range(n)])
measure("GET /runs?limit=50", ["/runs?" + q(limit=50)] * n)
measure("GET /runs deep (offset)", ["/runs?" + q(limit=50, offset=rng.randint(0, max(0, len(keys) - 50))) for _ in range(n)])

# Keyset paging from the newest run deep into history: every page follows the previous one's cursor.
times, cursor, pages, seen = [], None, 0, set()
for _ in range(max(n, 50)):
    ms, resp, body = get("/runs?" + q(limit=50, **({"before": cursor} if cursor else {})))
    times.append(ms)
    seen.update(r["id"] for r in json.loads(body))
    pages += 1
    cursor = resp.getheader("X-Next-Before")
    if not cursor:
        break
note("GET /runs?before= (keyset, deep)", times)
print(f"{'GET /runs?before= (keyset, deep)':<34} {len(times):>5} {pct(times, 0.5):>9.1f} {pct(times, 0.99):>9.1f} {max(times):>9.1f}"
      f"   ({pages} pages, {len(seen)} runs, none twice: {len(seen) == pages * 50 or not cursor})")

# Live updates: a change (a run submitted) reaches an open dashboard's event stream; the page then re-reads.
events = socket.create_connection((url.hostname, url.port))
events.sendall(b"GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
events.settimeout(10)
buf = b""
while b"retry:" not in buf:
    buf += events.recv(4096)
latencies = []
post = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
tag = str(int(time.time()))
for i in range(min(n, 40)):
    body = json.dumps({"run_id": f"live-{tag}-{i}", "artifact_group": "multiarch", "version": "7.10.0",
                       "deps_index_url": "http://127.0.0.1/python-deps/simple/",
                       "run_index_url": f"http://127.0.0.1/live-{tag}-{i}-linux/python/multiarch/simple/",
                       "families": [families[0]]})
    t0 = time.perf_counter()
    post.request("POST", "/api/v1/runs", body, {"Content-Type": "application/json"})
    resp = post.getresponse()
    created = json.loads(resp.read())
    want = ("run:" + created["id"]).encode()
    buf = b""
    while want not in buf:
        buf += events.recv(65536)
    get("/runs/" + created["id"] + "/progress")  # the page's re-read
    latencies.append((time.perf_counter() - t0) * 1000)
    time.sleep(0.3)  # notices are coalesced (250 ms): one change at a time
print(f"{'live update (submit -> event -> re-read)':<34} {len(latencies):>5} {pct(latencies, 0.5):>9.1f} {pct(latencies, 0.99):>9.1f} {max(latencies):>9.1f}")
print(f"slowest dashboard read p99: {worst[0]:.1f} ms ({worst[1]})")
if failures:
    print(f"FAIL {failures} requests failed")
    sys.exit(1)
