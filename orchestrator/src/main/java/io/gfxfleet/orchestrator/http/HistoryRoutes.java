package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.history.TestHistory;
import io.gfxfleet.orchestrator.store.DashboardReads;
import io.gfxfleet.protocol.ApiPaths;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * "Since when, and is it flaky": {@code GET /history?family=F&test_id=T[&runs=N]} (one test across
 * the family's recent runs, failures labelled) and {@code GET /families/{family}/last-red}.
 */
public final class HistoryRoutes {
    private final DashboardReads store;
    private final WorkerExecutor workers;

    public HistoryRoutes(DashboardReads store, WorkerExecutor workers) {
        this.store = store;
        this.workers = workers;
    }

    public void mount(Router router) {
        router.get(ApiPaths.HISTORY).handler(this::history);
        router.get(ApiPaths.FAMILY_LAST_RED).handler(this::lastRed);
    }

    private void history(RoutingContext ctx) {
        String family = QueryParams.family("family", ctx.request().getParam("family"), true);
        String testId = QueryParams.testId(ctx, "test_id");
        int runs = QueryParams.integer(ctx, "runs", 20, 1, 200);
        blocking(ctx, () -> TestHistory.of(family, testId, store.testOutcomes(family, testId, runs)))
                .onSuccess(h -> JsonBodies.send(ctx, 200, h));
    }

    private void lastRed(RoutingContext ctx) {
        String family = QueryParams.family("family", ctx.pathParam("family"), true);
        blocking(ctx, () -> store.redStreak(family)).onSuccess(s -> JsonBodies.send(ctx, 200, s));
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return workers.executeBlocking(work, false).onFailure(ctx::fail);
    }
}
