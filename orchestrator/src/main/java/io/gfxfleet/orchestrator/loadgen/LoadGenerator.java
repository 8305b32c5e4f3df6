package io.gfxfleet.orchestrator.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.gfxfleet.orchestrator.metrics.ProcessCpu;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulates a fleet against running orchestrators: agents that lease → heartbeat → send result
 * batches → complete, and a submitter that feeds runs at a fixed rate. Asynchronous, so a
 * thousand agents cost a thousand connections, not a thousand threads.
 */
public final class LoadGenerator {
    /** The Python every simulated run asks for; the simulated agents name none, so offer it (Linux tests 3.12). */
    static final String PYTHON = "3.12";
    private final List<URI> orchestrators;
    private final LoadProfile profile;
    private final String agentToken;
    private final String submitToken;
    private final String tag = Long.toString(System.currentTimeMillis(), 36);

    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    private final List<Long> dispatchNanos = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong leaseOperations = new AtomicLong();
    private final AtomicLong resultsStored = new AtomicLong();
    private volatile boolean stopping;
    /** Where to write the lease operations' timeline (null: not kept). */
    private final java.nio.file.Path timelineFile;

    public LoadGenerator(List<URI> orchestrators, LoadProfile profile, String agentToken, String submitToken) {
        this(orchestrators, profile, agentToken, submitToken, null);
    }

    /**
     * {@code timelineFile}: also write, every {@value #TIMELINE_MILLIS} ms of the agents' phase, the wall-clock
     * time (epoch ms) and the lease operations and completed jobs so far, one {@code millis ops jobs} line each.
     * A benchmark lines it up with what else happened meanwhile (a prune's windows) to get the rate within
     * each window of one run, not of separate runs.
     */
    public LoadGenerator(List<URI> orchestrators, LoadProfile profile, String agentToken, String submitToken, java.nio.file.Path timelineFile) {
        this.orchestrators = List.copyOf(orchestrators);
        this.profile = profile;
        this.agentToken = agentToken;
        this.submitToken = submitToken;
        this.timelineFile = timelineFile;
    }

    static final int TIMELINE_MILLIS = 100;

    public LoadReport run() throws Exception {
        Vertx vertx = Vertx.vertx();
        // The load generator's own CPU: on a small machine it competes with what it measures.
        long cpuAtStart = Math.max(0, ProcessCpu.nanos());
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
                    new PoolOptions().setHttp1MaxSize(profile.agents() + 64));
            long submitStart;
            double submitSeconds;
            double orchestratorCpuAtStart;
            long start;
            if (profile.queueFirst()) {
                // Capacity: the whole queue exists before the first agent asks, so the agents' phase
                // measures lease operations alone, not the submitter racing them.
                submitStart = System.nanoTime();
                submitAll(vertx, http, submitStart);
                while (submitted.get() < profile.jobs() && System.nanoTime() - submitStart < profile.timeout().toNanos()) {
                    Thread.sleep(20);
                }
                submitSeconds = (System.nanoTime() - submitStart) / 1e9;
                orchestratorCpuAtStart = orchestratorCpuSeconds(http);
                start = System.nanoTime();
                startAgents(vertx, http);
                announceAgents();
            } else {
                orchestratorCpuAtStart = orchestratorCpuSeconds(http);
                start = System.nanoTime();
                startAgents(vertx, http);
                announceAgents();
                Thread.sleep(500); // let the agents start polling: dispatch latency is measured for waiting agents
                submitStart = System.nanoTime();
                submitAll(vertx, http, submitStart);
                submitSeconds = (System.nanoTime() - submitStart) / 1e9;
            }
            long deadline = start + profile.timeout().toNanos();
            // Written as it goes (flushed each line): a benchmark may stop the agents once it has what it needs.
            try (java.io.BufferedWriter timeline = timelineFile == null ? null : java.nio.file.Files.newBufferedWriter(timelineFile)) {
                long nextSample = System.nanoTime();
                while (completed.get() < profile.jobs() && System.nanoTime() < deadline) {
                    if (timeline != null && System.nanoTime() >= nextSample) {
                        sample(timeline);
                        nextSample += TIMELINE_MILLIS * 1_000_000L;
                    }
                    Thread.sleep(timeline != null ? 5 : 20);
                }
                if (timeline != null) {
                    sample(timeline);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            stopping = true;
            JsonNode health = health(http);
            List<Long> inOrder = new ArrayList<>(dispatchNanos);
            int cycles = completed.get();
            return new LoadReport(cycles, submitted.get(), seconds, latency(inOrder, 0),
                    latency(inOrder, Math.min(profile.warmupJobs(), inOrder.size())), profile.warmupJobs(),
                    cycles / seconds, leaseOperations.get() / seconds, resultsStored.get() / seconds,
                    submitted.get() / submitSeconds, submitSeconds, profile.queueFirst(),
                    health.path("heap_used_bytes").asLong(-1), health.path("rss_bytes").asLong(-1),
                    (Math.max(0, ProcessCpu.nanos()) - cpuAtStart) / 1e9, health.path("cpu_seconds").asDouble(Double.NaN) - orchestratorCpuAtStart,
                    errors.get());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void sample(java.io.BufferedWriter timeline) throws java.io.IOException {
        timeline.write(System.currentTimeMillis() + " " + leaseOperations.get() + " " + completed.get() + "\n");
        timeline.flush();
    }

    /** Says when the agents' phase began (wall clock), for a benchmark that starts something else during it. */
    private void announceAgents() {
        if (timelineFile != null) {
            System.out.println("agents started at " + System.currentTimeMillis());
            System.out.flush();
        }
    }

    private JsonNode health(HttpClient http) throws Exception {
        return get(http, orchestrators.get(0), ApiPaths.HEALTH).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The first orchestrator's CPU so far (NaN if it does not say). */
    private double orchestratorCpuSeconds(HttpClient http) throws Exception {
        return health(http).path("cpu_seconds").asDouble(Double.NaN);
    }

    private void startAgents(Vertx vertx, HttpClient http) {
        for (int i = 0; i < profile.agents(); i++) {
            int n = i;
            vertx.runOnContext(v -> agentLoop(http, "load-" + tag + "-" + n, profile.families().get(n % profile.families().size()),
                    orchestrators.get(n % orchestrators.size())));
        }
    }

    /** Issues every submission at the profile's rate; returns once the last one is sent. */
    private void submitAll(Vertx vertx, HttpClient http, long startNanos) throws Exception {
        Promise<Void> allSubmitted = Promise.promise();
        vertx.runOnContext(v -> submitNext(vertx, http, 0, startNanos, allSubmitted));
        allSubmitted.future().toCompletionStage().toCompletableFuture().get(profile.timeout().toSeconds(), TimeUnit.SECONDS);
    }

    /** Percentiles of the dispatches after the first {@code skip} (in the order they happened). */
    private static LoadReport.Latency latency(List<Long> inOrder, int skip) {
        List<Long> sorted = new ArrayList<>(inOrder.subList(skip, inOrder.size()));
        Collections.sort(sorted);
        return new LoadReport.Latency(sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1e6);
    }

    /** Submits every run that is due by now, then sleeps until the next one is. */
    private void submitNext(Vertx vertx, HttpClient http, int first, long startNanos, Promise<Void> done) {
        int i = first;
        while (i < profile.jobs()) {
            long due = startNanos + (long) (i * 1e9 / profile.submitRate());
            long wait = TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime());
            if (wait > 1) {
                int next = i;
                vertx.setTimer(wait, t -> submitNext(vertx, http, next, startNanos, done));
                return;
            }
            submit(http, i);
            i++;
        }
        done.tryComplete();
    }

    private void submit(HttpClient http, int i) {
        String runId = "load-" + tag + "-" + i;
        String family = profile.families().get(i % profile.families().size());
        String body = "{\"run_id\":\"" + runId + "\",\"artifact_group\":\"" + family + "\",\"version\":\"7.10.0\","
                + "\"deps_index_url\":\"http://127.0.0.1/python-deps/simple/\","
                + "\"run_index_url\":\"http://127.0.0.1/" + runId + "-linux/python/" + family + "/simple/\","
                // One job per run: the profile counts jobs as runs (no versions would be one per tested Python).
                + "\"python_versions\":[\"" + PYTHON + "\"]}";
        submittedAt.putIfAbsent(runId, System.nanoTime());
        post(http, orchestrators.get(i % orchestrators.size()), ApiPaths.RUNS, body, submitToken).onComplete(ar -> {
            if (ar.succeeded()) {
                submitted.incrementAndGet();
            } else if (!stopping) {
                // Submission is idempotent, so a submitter simply retries (e.g. across a database restart).
                errors.incrementAndGet();
                Vertx.currentContext().owner().setTimer(500, t -> submit(http, i));
            }
        });
    }

    private void agentLoop(HttpClient http, String agentId, String family, URI base) {
        if (stopping) {
            return;
        }
        String body = "{\"agent_id\":\"" + agentId + "\",\"families\":[\"" + family + "\"],\"wait_seconds\":25}";
        post(http, base, ApiPaths.LEASES, body, agentToken).onComplete(ar -> {
            if (stopping) {
                return;
            }
            if (ar.failed()) {
                errors.incrementAndGet();
                agentLoopLater(http, agentId, family, base);
                return;
            }
            JsonNode lease = ar.result();
            if (lease == null) {
                agentLoop(http, agentId, family, base);
                return;
            }
            leaseOperations.incrementAndGet();
            Long t0 = submittedAt.get(lease.path("job").path("run_id").asText());
            if (t0 != null) {
                dispatchNanos.add(System.nanoTime() - t0);
            }
            runJob(http, base, lease).onComplete(done -> {
                if (done.succeeded()) {
                    completed.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                agentLoop(http, agentId, family, base);
            });
        });
    }

    private void agentLoopLater(HttpClient http, String agentId, String family, URI base) {
        // Back off briefly after an error (an orchestrator or database restart).
        Vertx.currentContext().owner().setTimer(500, t -> agentLoop(http, agentId, family, base));
    }

    private Future<Void> runJob(HttpClient http, URI base, JsonNode lease) {
        String leaseId = lease.path("lease_id").asText();
        String token = lease.path("token").asText();
        Future<?> chain = post(http, base, ApiPaths.fill(ApiPaths.LEASE_HEARTBEAT, leaseId), "{\"lease_token\":\"" + token + "\"}", agentToken)
                .onSuccess(x -> leaseOperations.incrementAndGet());
        for (int b = 1; b <= profile.batches(); b++) {
            long seq = b;
            chain = chain.compose(x -> post(http, base, ApiPaths.fill(ApiPaths.LEASE_RESULTS, leaseId), batch(token, seq), agentToken))
                    .onSuccess(x -> resultsStored.addAndGet(profile.batchSize()));
        }
        long last = profile.batches();
        return chain.compose(x -> post(http, base, ApiPaths.fill(ApiPaths.LEASE_COMPLETE, leaseId),
                        "{\"lease_token\":\"" + token + "\",\"verdict\":\"passed\",\"last_sequence\":" + last + "}", agentToken))
                .onSuccess(x -> leaseOperations.incrementAndGet())
                .mapEmpty();
    }

    private String batch(String token, long sequence) {
        List<TestResult> results = new ArrayList<>(profile.batchSize());
        for (int i = 0; i < profile.batchSize(); i++) {
            String method = "test" + sequence + "_" + i;
            results.add(new TestResult("libraries", "core", "rocm_sdk.tests.core_test.ROCmCoreTest." + method,
                    "rocm_sdk.tests.core_test.ROCmCoreTest", method, TestStatus.PASSED, 3L, null, null, List.of()));
        }
        try {
            return Json.MAPPER.writeValueAsString(new io.gfxfleet.protocol.messages.ResultBatch(token, sequence, results));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST a JSON body; null for 204, the parsed body for 2xx, a failure otherwise. */
    private Future<JsonNode> post(HttpClient http, URI base, String path, String body, String token) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
                .setURI(path).putHeader("Content-Type", "application/json").setTimeout(60_000);
        if (token != null) {
            o.putHeader("Authorization", "Bearer " + token);
        }
        return http.request(o).compose(req -> req.send(Buffer.buffer(body))).compose(resp -> resp.body().compose(b -> {
            if (resp.statusCode() == 204) {
                return Future.succeededFuture(null);
            }
            if (resp.statusCode() >= 300) {
                return Future.failedFuture(path + " answered " + resp.statusCode() + ": " + b);
            }
            return parse(b);
        }));
    }

    private Future<JsonNode> get(HttpClient http, URI base, String path) {
        return http.request(new RequestOptions().setHost(base.getHost()).setPort(base.getPort()).setURI(path))
                .compose(req -> req.send()).compose(resp -> resp.body())
                .compose(LoadGenerator::parse);
    }

    private static Future<JsonNode> parse(Buffer body) {
        try {
            return Future.succeededFuture(Json.MAPPER.readTree(body.getBytes()));
        } catch (java.io.IOException e) {
            return Future.failedFuture(e);
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int idx = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, idx)) / 1e6;
    }
}
