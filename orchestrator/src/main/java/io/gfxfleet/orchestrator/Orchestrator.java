package io.gfxfleet.orchestrator;

import io.gfxfleet.orchestrator.dashboard.DashboardRoutes;
import io.gfxfleet.orchestrator.auth.Authorizer;
import io.gfxfleet.orchestrator.http.AgentRoutes;
import io.gfxfleet.orchestrator.http.ApiRoutes;
import io.gfxfleet.orchestrator.http.HistoryRoutes;
import io.gfxfleet.orchestrator.http.LogRoutes;
import io.gfxfleet.orchestrator.http.MatrixRoutes;
import io.gfxfleet.orchestrator.logs.JobLogs;
import io.gfxfleet.orchestrator.http.OpsRoutes;
import io.gfxfleet.orchestrator.metrics.FleetMetrics;
import io.gfxfleet.orchestrator.metrics.VertxWithMetrics;
import io.gfxfleet.orchestrator.http.PackageFiles;
import io.gfxfleet.orchestrator.intake.RunIntake;
import io.gfxfleet.orchestrator.live.LiveEvents;
import io.gfxfleet.orchestrator.scheduler.Scheduler;
import io.gfxfleet.orchestrator.store.Database;
import io.gfxfleet.orchestrator.store.JdbcStore;
import io.gfxfleet.orchestrator.store.PgNotifications;
import io.gfxfleet.orchestrator.store.Store;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.gfxfleet.protocol.tmp.TempArea;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** One orchestrator process: store, scheduler, HTTP API, dashboard and (optionally) package files. */
public final class Orchestrator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

    /** A connection that sends and receives nothing for this long is closed. */
    static final int IDLE_TIMEOUT_SECONDS = 330;
    private final OrchestratorConfig config;
    private final Vertx vertx;
    private final Store store;
    private final WorkerExecutor workers;
    /** The store's name on the notification channel: its own signals need not wake its scheduler again. */
    private final String signalOrigin;
    private final FleetMetrics metrics;
    private final JobLogs jobLogs;
    private Scheduler scheduler;
    private HttpServer server;
    private Router router;
    private io.gfxfleet.orchestrator.discovery.RunDiscovery discovery;
    private PgNotifications notifications;

    private Orchestrator(OrchestratorConfig config, Vertx vertx, Store store, String signalOrigin, FleetMetrics metrics,
                         JobLogs jobLogs) {
        this.jobLogs = jobLogs;
        this.metrics = metrics;
        this.signalOrigin = signalOrigin;
        this.config = config;
        this.vertx = vertx;
        this.store = store;
        this.workers = vertx.createSharedWorkerExecutor("gfxfleet-store", 16);
    }

    public static Orchestrator start(OrchestratorConfig config) throws Exception {
        if (config.packagesDir() != null) {
            Files.createDirectories(config.packagesDir());
        }
        if (config.jdbcUrl().startsWith("jdbc:sqlite:")) {
            var file = java.nio.file.Path.of(config.jdbcUrl().substring("jdbc:sqlite:".length())).toAbsolutePath().getParent();
            if (file != null) {
                Files.createDirectories(file);
            }
        }
        // Vert.x's file cache and SQLite's native library go to the data folder's temp area (not
        // the system temp folder, where a kill -9 would leave them); a dead process's area goes.
        java.nio.file.Path tmp = config.packagesDir() == null ? null
                : TempArea.claim(config.packagesDir().toAbsolutePath().getParent());
        if (tmp != null) {
            TempArea.keepSqliteNativeLibraryIn(tmp);
        }
        Database database = Database.open(config.jdbcUrl(), config.dbPassword());
        JdbcStore store = new JdbcStore(database);
        JobLogs jobLogs = JobLogs.open(config.jobLogs(), database);
        FleetMetrics metrics = new FleetMetrics();
        VertxOptions options = new VertxOptions();
        if (tmp != null) {
            options.setFileSystemOptions(new FileSystemOptions().setFileCacheDir(tmp.resolve("vertx-cache").toString()));
        }
        Vertx vertx = VertxWithMetrics.create(options, metrics.registry());
        Orchestrator o = new Orchestrator(config, vertx, store, store.signalOrigin(), metrics, jobLogs);
        try {
            o.listen();
        } catch (Exception e) {
            o.close();
            throw e;
        }
        return o;
    }

    /**
     * Everything that holds scheduler or subscriber state runs in one verticle, so that state is
     * only ever touched from its event loop.
     */
    private void listen() throws Exception {
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                return startServer();
            }
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        log.info("orchestrator listening on {}", baseUrl());
    }

    private Future<HttpServer> startServer() {
        scheduler = new Scheduler(vertx, store, workers, config.leasePolicy(), metrics);
        Router router = Router.router(vertx);
        router.route().handler(io.gfxfleet.orchestrator.http.SecurityHeaders::apply);
        this.router = router;
        LiveEvents events = new LiveEvents(vertx);
        events.mount(router);
        Authorizer auth = new Authorizer(config.tokens());
        if (!config.tokens().enabled()) {
            log.warn("no tokens configured: every API write is open (fine for a local demo, not for a fleet)");
        } else if (!config.tokens().unboundAgentTokens().isEmpty()) {
            log.warn("agent tokens {} name no agent ids (agents=ID,...): each may lease under any agent id",
                    config.tokens().unboundAgentTokens());
        }
        RunIntake intake = new RunIntake(FamilyCatalogue.bundled(), config.allowlist());
        new OpsRoutes(store, scheduler, workers, metrics).mount(router);
        new ApiRoutes(store, scheduler, intake, workers, events, auth, config.defaultDepsIndexUrl(), metrics).mount(router);
        // Intake by S3 discovery (publisher stream, issue 3): same validation and store call as the API.
        if (config.discovery() != null) {
            discovery = io.gfxfleet.orchestrator.discovery.RunDiscovery.start(vertx, workers, config.discovery(), intake, store,
                    created -> {
                        scheduler.jobsAvailable();
                        events.runChanged(created.run().id());
                    });
        }
        // Job logs go to the store every replica reads, so any replica serves any log.
        new LogRoutes(store, workers, jobLogs, config.jobLogs().maxBytes()).mount(router);
        log.info("job logs kept in {} (at most {} bytes each)", jobLogs.describe(), config.jobLogs().maxBytes());
        new AgentRoutes(store, workers, auth, events).mount(router);
        if (config.packagesDir() != null) {
            new PackageFiles(config.packagesDir()).mount(router);
        }
        scheduleRetention();
        new MatrixRoutes(store, workers).mount(router);
        new HistoryRoutes(store, workers).mount(router);
        new DashboardRoutes().mount(router);
        scheduler.start();
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            notifications = new PgNotifications(config.jdbcUrl(), config.dbPassword(), (kind, origin) -> {
                if (kind.equals("jobs") && !origin.equals(signalOrigin)) {
                    scheduler.signal();
                }
                events.publish("replica:" + kind);
            });
        }
        return vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                        // Longer than the longest long poll (300 s), which sends nothing while it waits.
                        .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS)
                        .setMaxInitialLineLength(8192).setMaxHeaderSize(16384)
                        // No h2c: no client of ours speaks it (agents and submit pin HTTP/1.1, browsers
                        // never upgrade clear text), and the JDK client's default upgrade request now and
                        // then stalled on the upgraded connection until the idle timeout (ApiContractTest,
                        // 331 s, twice in one day). A client that asks is answered in HTTP/1.1.
                        .setHttp2ClearTextEnabled(false))
                .requestHandler(router)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    /** Automatic pruning (--retention-days): an hour apart, the first a minute after start; never two at once. */
    private void scheduleRetention() {
        if (config.retention() == null) {
            return;
        }
        // Logs in the database (job_logs) go with their jobs inside the prune; a bucket's logs are not removed yet.
        var retention = new io.gfxfleet.orchestrator.retention.HistoryRetention(store,
                io.gfxfleet.orchestrator.retention.JobLogRemoval.NONE, Clock.systemUTC(), config.retention());
        Runnable prune = () -> workers.executeBlocking(retention::pruneNow, true)
                .onFailure(e -> log.warn("pruning history failed (tried again in an hour)", e));
        vertx.setTimer(60_000, t -> prune.run());
        vertx.setPeriodic(61_000 + 3_600_000, 3_600_000, t -> prune.run());
    }

    /**
     * Every exact path a route is registered on (prefix routes such as body handlers, the 404
     * catch-all and static files left out), for the API contract test against docs/api/openapi.yaml.
     */
    public java.util.List<String> routePaths() {
        return router.getRoutes().stream().filter(r -> r.getPath() != null && r.isExactPath())
                .map(io.vertx.ext.web.Route::getPath).distinct().toList();
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public Store store() {
        return store;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Where this orchestrator keeps job logs (pruning deletes through it). */
    public JobLogs jobLogs() {
        return jobLogs;
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("vert.x did not close cleanly: {}", e.toString());
        }
        jobLogs.close();
        store.close();
    }
}
