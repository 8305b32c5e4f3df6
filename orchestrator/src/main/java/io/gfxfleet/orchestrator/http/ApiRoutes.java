package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.auth.Authorizer;
import io.gfxfleet.orchestrator.auth.Role;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.orchestrator.intake.RunIntake;
import io.gfxfleet.orchestrator.intake.SubmissionRefused;
import io.gfxfleet.orchestrator.live.LiveEvents;
import io.gfxfleet.orchestrator.metrics.FleetMetrics;
import io.gfxfleet.orchestrator.metrics.ProcessCpu;
import io.gfxfleet.orchestrator.metrics.ProcessMemory;
import io.gfxfleet.orchestrator.scheduler.Scheduler;
import io.gfxfleet.orchestrator.store.AgentOffer;
import io.gfxfleet.orchestrator.store.LeaseRejected;
import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.orchestrator.store.ResultCursor;
import io.gfxfleet.orchestrator.store.ResultFilter;
import io.gfxfleet.orchestrator.store.RunCursor;
import io.gfxfleet.orchestrator.store.Store;
import io.gfxfleet.orchestrator.store.StoreException;
import io.gfxfleet.protocol.AgentId;
import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.protocol.ApiVersion;
import io.gfxfleet.protocol.messages.Heartbeat;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.messages.LeaseGrant;
import io.gfxfleet.protocol.messages.LeaseRequest;
import io.gfxfleet.protocol.messages.OfferLabels;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** The {@code /api/v1} routes: run intake and reads for people and workflows, leases for agents. */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    /** Compiled once: every lease request checks its interpreters and image against these. */
    private static final Pattern PYTHON_VERSION = Pattern.compile("[0-9]{1,2}\\.[0-9]{1,3}");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    /** An agent seen within this window counts as able to test its families. */
    private static final Duration NO_AGENT_WINDOW = Duration.ofMinutes(10);
    /** The most results one answer carries; clients follow X-Next-Offset for the rest. */
    static final int MAX_RESULTS_PAGE = 5_000;

    private final Store store;
    private final Scheduler scheduler;
    private final RunIntake intake;
    private final WorkerExecutor workers;
    private final LiveEvents events;
    private final Authorizer auth;
    private final RequestGate gate;
    private final FleetMetrics metrics;
    private final String defaultDepsIndexUrl;
    /** The prefixes each job carries (null: none configured), and with the default deps index's host added. */
    private final List<String> agentPrefixes;
    private final List<String> agentPrefixesWithDefaultDeps;

    public ApiRoutes(Store store, Scheduler scheduler, RunIntake intake, WorkerExecutor workers, LiveEvents events, Authorizer auth) {
        this(store, scheduler, intake, workers, events, auth, null);
    }

    /** {@code defaultDepsIndexUrl}: handed out with a job whose run names no deps index (null: none). */
    public ApiRoutes(Store store, Scheduler scheduler, RunIntake intake, WorkerExecutor workers, LiveEvents events, Authorizer auth,
                     String defaultDepsIndexUrl) {
        this(store, scheduler, intake, workers, events, auth, defaultDepsIndexUrl, new FleetMetrics());
    }

    public ApiRoutes(Store store, Scheduler scheduler, RunIntake intake, WorkerExecutor workers, LiveEvents events, Authorizer auth,
                     String defaultDepsIndexUrl, FleetMetrics metrics) {
        this.metrics = metrics;
        this.defaultDepsIndexUrl = defaultDepsIndexUrl;
        this.auth = auth;
        this.gate = new RequestGate(auth);
        this.store = store;
        this.scheduler = scheduler;
        this.intake = intake;
        this.workers = workers;
        this.events = events;
        this.agentPrefixes = intake.allowlist().forAgents();
        List<String> withDeps = agentPrefixes;
        if (agentPrefixes != null && defaultDepsIndexUrl != null) {
            withDeps = new ArrayList<>(agentPrefixes);
            withDeps.add(io.gfxfleet.protocol.url.IndexUrl.parse(defaultDepsIndexUrl).origin() + "/");
        }
        this.agentPrefixesWithDefaultDeps = withDeps == null ? null : List.copyOf(withDeps);
    }

    public void mount(Router router) {
        String p = ApiVersion.PREFIX;
        // Authentication, content type and size before any body is buffered (see RequestGate).
        router.route(p + "/*").handler(gate::handle);
        router.get(ApiPaths.HEALTH).handler(this::health);
        router.get(ApiPaths.OPENAPI).handler(ApiRoutes::openApi);
        router.post(ApiPaths.RUNS).handler(auth.require(Role.SUBMITTER)).handler(this::submitRun);
        router.get(ApiPaths.RUNS).handler(this::listRuns);
        router.get(ApiPaths.RUN).handler(this::getRun);
        router.post(ApiPaths.RUN_CANCEL).handler(auth.require(Role.SUBMITTER, Role.OPERATOR)).handler(this::cancelRun);
        router.get(ApiPaths.JOB).handler(this::getJob);
        router.get(ApiPaths.JOB_RESULTS).handler(this::getResults);
        router.post(ApiPaths.LEASES + "*").handler(auth.require(Role.AGENT));
        router.post(ApiPaths.LEASES).handler(this::acquire);
        router.post(ApiPaths.LEASE_HEARTBEAT).handler(this::heartbeat);
        router.post(ApiPaths.LEASE_RESULTS).handler(this::results);
        router.post(ApiPaths.LEASE_COMPLETE).handler(this::complete);
        router.post(ApiPaths.LEASE_RELEASE).handler(this::handBack);
        router.route(p + "/*").last().handler(ctx -> JsonBodies.error(ctx, 404, "no such API route: " + ctx.request().path(), null));
        router.route(p + "/*").failureHandler(this::failure);
    }

    private void health(RoutingContext ctx) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", "ok");
        body.put("api", ApiVersion.VERSION);
        body.put("waiting_agents", scheduler.waitingAgents());
        body.putAll(ProcessMemory.snapshot());
        // Bytes request bodies may take right now (RequestGate's budget): slow or many uploads show here.
        body.put("request_body_bytes_reserved", gate.bufferedBytes());
        body.put("request_body_budget_bytes", gate.budgetBytes());
        // CPU this process used so far: the load generator reports the orchestrator's share per lease operation.
        long cpu = ProcessCpu.nanos();
        if (cpu >= 0) {
            body.put("cpu_seconds", cpu / 1e9);
        }
        JsonBodies.send(ctx, 200, body);
    }

    private void submitRun(RoutingContext ctx) {
        NewRun submitted = intake.validate(JsonBodies.read(ctx, RunSubmission.class));
        blocking(ctx, () -> {
            // Swarming's NO_RESOURCE: accept the run, but say which families nobody can test now.
            List<String> warnings = new ArrayList<>(store.familiesWithoutAgents(submitted.families(), NO_AGENT_WINDOW).stream()
                    .map(f -> "no agent for " + f).toList());
            // The same for each Python version and the image: accepted, with the reason it may wait.
            List<String> offers = new ArrayList<>(submitted.pythonVersions().stream().map(OfferLabels::python).toList());
            if (submitted.image() != null) {
                offers.add(OfferLabels.image(submitted.image()));
            }
            if (submitted.platform() != Platform.LINUX) {
                offers.add(OfferLabels.platform(submitted.platform().wireName())); // every agent runs Linux unless it says otherwise
            }
            store.labelsWithoutAgents(offers, NO_AGENT_WINDOW).forEach(l -> warnings.add("no agent for " + l.replace('=', ' ')));
            NewRun run = warnings.isEmpty() ? submitted : submitted.withWarnings(warnings);
            return store.createRun(run);
        }).onSuccess(created -> {
            if (created.created()) {
                scheduler.jobsAvailable();
                events.runChanged(created.run().id());
            }
            JsonBodies.send(ctx, created.created() ? 201 : 200, created.run().redacted());
        });
    }

    /** The cursor of the page after this one, for {@code GET /runs?before=}. */
    public static final String NEXT_CURSOR_HEADER = "X-Next-Before";

    private void listRuns(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 50, 1, 500);
        String before = QueryParams.optional(ctx, "before", 96);
        if (before != null) {
            // Keyset pagination: the same cost a year deep, and no run skipped or repeated while runs arrive.
            RunCursor cursor = QueryParams.runCursor("before", before);
            if (ctx.request().getParam("offset") != null) {
                throw new BadRequest("offset", "use either before (a cursor) or offset, not both");
            }
            blocking(ctx, () -> store.runsBefore(cursor, limit)).onSuccess(runs -> sendRunPage(ctx, runs, limit));
            return;
        }
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        if (offset == 0) {
            blocking(ctx, () -> store.runsBefore(null, limit)).onSuccess(runs -> sendRunPage(ctx, runs, limit));
            return;
        }
        blocking(ctx, () -> store.recentRuns(limit, offset)).onSuccess(runs -> JsonBodies.send(ctx, 200, runs.stream().map(RunView::redacted).toList()));
    }

    /** A page of runs; a full page says where the next one starts in {@value #NEXT_CURSOR_HEADER}. */
    private static void sendRunPage(RoutingContext ctx, java.util.List<io.gfxfleet.protocol.messages.RunView> runs, int limit) {
        if (runs.size() == limit) {
            ctx.response().putHeader(NEXT_CURSOR_HEADER, RunCursor.after(runs.get(runs.size() - 1)).text());
        }
        JsonBodies.send(ctx, 200, runs.stream().map(RunView::redacted).toList());
    }

    private void getRun(RoutingContext ctx) {
        String id = id(ctx, "id");
        blocking(ctx, () -> store.run(id)).onSuccess(run -> {
            if (run.isPresent()) {
                JsonBodies.send(ctx, 200, run.get().redacted());
            } else {
                JsonBodies.error(ctx, 404, "no run " + id, "id");
            }
        });
    }

    private void cancelRun(RoutingContext ctx) {
        String id = id(ctx, "id");
        blocking(ctx, () -> store.cancelRun(id)).onSuccess(n -> {
            events.runChanged(id);
            JsonBodies.send(ctx, 200, Map.of("cancelled_jobs", n));
        });
    }

    private void getJob(RoutingContext ctx) {
        String id = id(ctx, "id");
        blocking(ctx, () -> store.job(id)).onSuccess(job -> {
            if (job.isPresent()) {
                JsonBodies.send(ctx, 200, job.get());
            } else {
                JsonBodies.error(ctx, 404, "no job " + id, "id");
            }
        });
    }

    /** The cursor of the results page after this one, for {@code GET /jobs/{id}/results?after=}. */
    public static final String NEXT_RESULTS_CURSOR_HEADER = "X-Next-After";

    /**
     * One page of a job's results ({@code limit} ≤ {@value #MAX_RESULTS_PAGE}), in stored order. By
     * cursor ({@code after}, keyset: a page deep in a huge job costs what the first does), optionally
     * only the failing results or only the others ({@code only=failures|others}); or by
     * {@code offset} (the older form). When more follow, {@value #NEXT_RESULTS_CURSOR_HEADER} (and,
     * without a filter, {@code X-Next-Offset}) and a {@code Link: <...>; rel="next"} say where.
     */
    private void getResults(RoutingContext ctx) {
        String id = id(ctx, "id");
        int limit = intParam(ctx, "limit", MAX_RESULTS_PAGE, 1, MAX_RESULTS_PAGE);
        String afterText = QueryParams.optional(ctx, "after", 40);
        ResultFilter filter;
        try {
            filter = ResultFilter.parse(QueryParams.optional(ctx, "only", 40));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("only", e.getMessage());
        }
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        if (offset > 0) {
            if (afterText != null || filter != ResultFilter.ALL) {
                throw new BadRequest("offset", "use either after (a cursor, with only) or offset, not both");
            }
            blocking(ctx, () -> store.results(id, offset, limit + 1)).onSuccess(results -> {
                if (results.size() > limit) {
                    long next = (long) offset + limit;
                    ctx.response().putHeader("X-Next-Offset", Long.toString(next))
                            .putHeader("Link", "<" + ApiPaths.fill(ApiPaths.JOB_RESULTS, id) + "?offset=" + next + "&limit=" + limit + ">; rel=\"next\"");
                    JsonBodies.send(ctx, 200, results.subList(0, limit));
                } else {
                    JsonBodies.send(ctx, 200, results);
                }
            });
            return;
        }
        ResultCursor after;
        try {
            after = afterText == null ? ResultCursor.START : ResultCursor.parse(afterText);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("after", e.getMessage());
        }
        blocking(ctx, () -> store.resultsAfter(id, after, limit, filter)).onSuccess(page -> {
            if (page.next() != null) {
                String only = filter == ResultFilter.ALL ? "" : "&only=" + filter.name().toLowerCase(java.util.Locale.ROOT);
                ctx.response().putHeader(NEXT_RESULTS_CURSOR_HEADER, page.next().text())
                        .putHeader("Link", "<" + ApiPaths.fill(ApiPaths.JOB_RESULTS, id) + "?after=" + page.next().text()
                                + "&limit=" + limit + only + ">; rel=\"next\"");
                if (afterText == null && filter == ResultFilter.ALL) {
                    // The first page of everything: older clients page on by offset.
                    ctx.response().putHeader("X-Next-Offset", Integer.toString(limit));
                }
            }
            JsonBodies.send(ctx, 200, page.results());
        });
    }

    private void acquire(RoutingContext ctx) {
        LeaseRequest req = JsonBodies.read(ctx, LeaseRequest.class);
        if (!AgentId.isValid(req.agentId())) {
            throw new BadRequest("agent_id", "agent_id must be " + AgentId.RULE);
        }
        TokenRegistry.Principal who = Authorizer.principal(ctx);
        if (who != null && !who.mayActAs(req.agentId())) {
            // A token speaks for its agents only: not a fresh id to dodge a drain, nor another agent's entry.
            Authorizer.deny(ctx, 403, "token '" + who.name() + "' may not act as agent '" + req.agentId() + "'");
            return;
        }
        List<String> families = req.families() == null ? List.of() : req.families();
        if (families.isEmpty()) {
            throw new BadRequest("families", "families must name at least one GPU family the agent can test");
        }
        AgentOfferShape.check(families, orEmpty(req.gfxTargets()), orEmpty(req.labels()));
        int wait = req.waitSeconds() == null ? 0 : req.waitSeconds();
        if (wait < 0 || wait > 300) {
            throw new BadRequest("wait_seconds", "wait_seconds must be between 0 and 300");
        }
        AgentOffer offer = new AgentOffer(req.agentId(), orEmpty(req.gfxTargets()), families, offeredLabels(req));
        Promise<Void> clientGone = Promise.promise();
        ctx.response().closeHandler(v -> clientGone.tryComplete());
        scheduler.acquire(offer, Duration.ofSeconds(wait), clientGone.future()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                if (!ctx.response().closed()) {
                    ctx.response().setStatusCode(204).end();
                }
            } else if (ctx.response().closed()) {
                scheduler.release(ar.result().get().leaseId());
            } else {
                var lease = ar.result().get();
                events.runChanged(lease.job().runKey());
                JsonBodies.send(ctx, 200, new LeaseGrant(lease.leaseId(), lease.token(), lease.expiresAt(),
                        (int) scheduler.policy().ttl().toSeconds(), handedOut(lease.job())));
            }
        });
    }

    /**
     * The job as the agent gets it: with the orchestrator's default deps index when the run names
     * none, and with the operator's allowed prefixes, which the agent applies to every fetch, redirect
     * and link of the job. The default deps index is the operator's own, so its host is allowed too.
     */
    private JobSpec handedOut(JobSpec job) {
        if (job.depsIndexUrl() == null && defaultDepsIndexUrl != null) {
            return job.withDepsIndexUrl(defaultDepsIndexUrl).withIndexPrefixes(agentPrefixesWithDefaultDeps);
        }
        return job.withIndexPrefixes(agentPrefixes);
    }

    /**
     * The agent's labels plus what its platform, interpreters and image become (see
     * {@link OfferLabels}): the scheduler's label match then matches those too. An agent that
     * names no platform runs Linux, and one that names no interpreter (agents before these fields)
     * is taken to have its platform's tested versions.
     */
    private List<String> offeredLabels(LeaseRequest req) {
        Platform platform;
        try {
            platform = req.platform() == null ? Platform.LINUX : Platform.parse(req.platform());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("platform", e.getMessage());
        }
        List<String> pythons = req.pythonVersions() == null || req.pythonVersions().isEmpty()
                ? intake.catalogue().testMatrix().tests(platform).pythonVersions() : req.pythonVersions();
        if (pythons.size() > 16 || pythons.stream().anyMatch(v -> v == null || !PYTHON_VERSION.matcher(v).matches())) {
            throw new BadRequest("python_versions", "python_versions must be at most 16 versions like '3.12', got " + pythons);
        }
        if (req.image() != null && !IMAGE.matcher(req.image()).matches()) {
            throw new BadRequest("image", "image must be 1-32 characters of [A-Za-z0-9._-], got '" + req.image() + "'");
        }
        List<String> labels = new ArrayList<>(orEmpty(req.labels()));
        labels.add(OfferLabels.platform(platform.wireName()));
        pythons.forEach(v -> labels.add(OfferLabels.python(v)));
        if (req.image() != null) {
            labels.add(OfferLabels.image(req.image()));
        }
        return labels;
    }

    private void heartbeat(RoutingContext ctx) {
        String lease = id(ctx, "lease");
        Heartbeat hb = JsonBodies.read(ctx, Heartbeat.class);
        blocking(ctx, () -> store.heartbeat(lease, hb.leaseToken(), scheduler.policy().ttl()))
                .onSuccess(reply -> JsonBodies.send(ctx, 200, reply));
    }

    private void results(RoutingContext ctx) {
        String lease = id(ctx, "lease");
        // A batch of 500 results is real parsing work: do it on a worker, not the event loop.
        blocking(ctx, () -> store.storeBatch(lease, validBatch(ctx))).onSuccess(ack -> {
            if (!ack.duplicate()) {
                metrics.resultsIngested(ack.stored());
                events.resultsStored(lease, ack.stored());
            }
            JsonBodies.send(ctx, 200, ack);
        });
    }

    /** docs/api/openapi.yaml, copied into the jar by the build: the contract this server keeps. */
    private static void openApi(RoutingContext ctx) {
        byte[] doc = OpenApiDocument.BYTES;
        if (doc == null) {
            JsonBodies.error(ctx, 404, "this build has no openapi.yaml", null);
            return;
        }
        ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(io.vertx.core.buffer.Buffer.buffer(doc));
    }

    /** Read once, on first use. */
    private static final class OpenApiDocument {
        static final byte[] BYTES = read();

        private static byte[] read() {
            try (java.io.InputStream in = ApiRoutes.class.getResourceAsStream("openapi.yaml")) {
                return in == null ? null : in.readAllBytes();
            } catch (java.io.IOException e) {
                return null;
            }
        }
    }

    private static ResultBatch validBatch(RoutingContext ctx) {
        ResultBatch batch = JsonBodies.read(ctx, ResultBatch.class);
        ResultLimits.check(batch);
        return batch;
    }

    private void handBack(RoutingContext ctx) {
        String lease = id(ctx, "lease");
        Heartbeat hb = JsonBodies.read(ctx, Heartbeat.class);
        blocking(ctx, () -> {
            store.handBack(lease, hb.leaseToken());
            return null;
        }).onSuccess(v -> {
            scheduler.jobsAvailable();
            events.publish("lease:" + lease);
            JsonBodies.send(ctx, 200, Map.of("released", lease));
        });
    }

    private void complete(RoutingContext ctx) {
        String lease = id(ctx, "lease");
        JobCompletion completion = JsonBodies.read(ctx, JobCompletion.class);
        if (completion.verdict() == null || !completion.verdict().isAgentVerdict()) {
            throw new BadRequest("verdict", "verdict must be passed, failed, infra_error or timed_out");
        }
        blocking(ctx, () -> store.complete(lease, completion)).onSuccess(job -> {
            metrics.verdict(job.family(), job.state().wireName());
            events.jobChanged(job.id());
            JsonBodies.send(ctx, 200, job);
        });
    }

    /** Runs store work on the worker pool; failures go to the failure handler. */
    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return workers.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (t instanceof ResultLimits.TooLarge tl) {
            JsonBodies.error(ctx, 413, tl.getMessage(), tl.field());
        } else if (t instanceof BadRequest br) {
            JsonBodies.error(ctx, 400, br.getMessage(), br.field());
        } else if (t instanceof SubmissionRefused sr) {
            JsonBodies.error(ctx, 400, sr.getMessage(), sr.field());
        } else if (t instanceof LeaseRejected lr) {
            JsonBodies.error(ctx, 409, lr.getMessage(), "lease");
        } else if (t instanceof StoreException se) {
            log.warn("store unavailable: {}", se.getMessage());
            JsonBodies.error(ctx, 503, "store unavailable, retry", null);
        } else if (t == null && ctx.statusCode() == 413) {
            JsonBodies.error(ctx, 413, "request body larger than this route takes", "body");
        } else if (t == null) {
            JsonBodies.error(ctx, ctx.statusCode(), "request failed", null);
        } else {
            log.error("unhandled error on {} {}", ctx.request().method(), ctx.request().path(), t);
            JsonBodies.error(ctx, 500, "internal error", null);
        }
    }

    private static String id(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        if (v == null || !ID.matcher(v).matches()) {
            throw new BadRequest(name, name + " must be an id of [A-Za-z0-9-]");
        }
        return v;
    }

    private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new BadRequest(name, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest(name, name + " must be an integer, got '" + v + "'");
        }
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
