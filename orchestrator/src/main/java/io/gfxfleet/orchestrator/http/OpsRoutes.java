package io.gfxfleet.orchestrator.http;

import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.orchestrator.metrics.FleetMetrics;
import io.gfxfleet.orchestrator.scheduler.Scheduler;
import io.gfxfleet.orchestrator.store.Store;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Routes for the operator's tools, outside {@code /api/v1} (no token, no body):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text exposition; the queue gauge is read from the
 *       database and the waiting-agents gauge from the scheduler at each scrape;</li>
 *   <li>{@code GET /readyz}: 200 when the database answers, 503 when it does not (take this
 *       replica out of the load balancer, keep it running);</li>
 *   <li>{@code GET /livez}: 200 while the event loop answers (restart the process when not).</li>
 * </ul>
 */
public final class OpsRoutes {
    private static final Logger log = LoggerFactory.getLogger(OpsRoutes.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Store store;
    private final Scheduler scheduler;
    private final WorkerExecutor workers;
    private final FleetMetrics metrics;

    public OpsRoutes(Store store, Scheduler scheduler, WorkerExecutor workers, FleetMetrics metrics) {
        this.store = store;
        this.scheduler = scheduler;
        this.workers = workers;
        this.metrics = metrics;
    }

    public void mount(Router router) {
        router.get(ApiPaths.METRICS).handler(this::metrics);
        router.get(ApiPaths.READYZ).handler(this::ready);
        router.get(ApiPaths.LIVEZ).handler(ctx -> JsonBodies.send(ctx, 200, Map.of("status", "alive")));
    }

    private void metrics(RoutingContext ctx) {
        // Scheduler state belongs to the event loop this handler runs on; the queue is a query.
        metrics.waiting(scheduler.waitingAgentsByFamily());
        workers.executeBlocking(() -> {
            try {
                metrics.queue(store.queueDepth());
            } catch (RuntimeException e) {
                // A scrape while the database is away still reports everything else; /readyz says why.
                log.warn("queue depth not refreshed for /metrics: {}", e.toString());
            }
            return metrics.scrape();
        }, false).onSuccess(text -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(text))
                .onFailure(ctx::fail);
    }

    private void ready(RoutingContext ctx) {
        workers.executeBlocking(() -> {
            store.ping();
            return null;
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                JsonBodies.send(ctx, 200, Map.of("status", "ready", "database", "ok"));
            } else {
                JsonBodies.send(ctx, 503, Map.of("status", "not ready", "database", String.valueOf(ar.cause().getMessage())));
            }
        });
    }
}
