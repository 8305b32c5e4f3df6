package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.store.RunCursor;
import io.gfxfleet.orchestrator.store.RunFilter;
import io.gfxfleet.orchestrator.store.DashboardReads;
import io.gfxfleet.orchestrator.store.VerdictFilter;
import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.orchestrator.store.RunPage;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.messages.RunView;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Read-only routes behind the matrix and run pages: {@code GET /matrix} (filtered, paginated runs),
 * {@code GET /runs/{id}/progress} (a run with live counts, what {@code submit --wait} follows) and
 * {@code GET /jobs/{id}/attempts}.
 */
public final class MatrixRoutes {
    private final DashboardReads store;
    private final WorkerExecutor workers;

    public MatrixRoutes(DashboardReads store, WorkerExecutor workers) {
        this.store = store;
        this.workers = workers;
    }

    public void mount(Router router) {
        router.get(ApiPaths.MATRIX).handler(this::matrix);
        router.get(ApiPaths.RUN_PROGRESS).handler(this::progress);
        router.get(ApiPaths.JOB_ATTEMPTS).handler(this::attempts);
    }

    private void matrix(RoutingContext ctx) {
        String family = QueryParams.family("family", ctx.request().getParam("family"), false);
        String platform = QueryParams.optional(ctx, "platform", 16);
        if (platform != null) {
            try {
                platform = Platform.parse(platform).wireName();
            } catch (IllegalArgumentException e) {
                throw new BadRequest("platform", e.getMessage());
            }
        }
        String verdictText = QueryParams.optional(ctx, "verdict", 32);
        VerdictFilter verdict;
        try {
            verdict = verdictText == null ? null : VerdictFilter.parse(verdictText);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("verdict", e.getMessage());
        }
        String version = QueryParams.optional(ctx, "version", 128);
        // Keyset paging (before = the previous page's next): no run skipped or shown twice while runs
        // arrive, as GET /runs?before=. The offset still works for old clients, but not with a cursor.
        String beforeText = QueryParams.optional(ctx, "before", 96);
        RunCursor before = beforeText == null ? null : QueryParams.runCursor("before", beforeText);
        if (before != null && ctx.request().getParam("offset") != null) {
            throw new BadRequest("offset", "use either before (a cursor) or offset, not both");
        }
        RunFilter filter = new RunFilter(family, platform, verdict, version,
                QueryParams.integer(ctx, "limit", 25, 1, 200), QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE), before);
        // Redacted as every other reader's view of a run: a presigned index query is a credential.
        blocking(ctx, () -> store.runPage(filter)).onSuccess(page -> JsonBodies.send(ctx, 200, new RunPage(
                page.runs().stream().map(RunView::redacted).toList(), page.total(), page.limit(), page.offset(), page.families(),
                page.next())));
    }

    private void progress(RoutingContext ctx) {
        String id = QueryParams.id(ctx, "id");
        blocking(ctx, () -> store.runProgress(id)).onSuccess(run -> {
            if (run.isPresent()) {
                JsonBodies.send(ctx, 200, run.get().redacted());
            } else {
                JsonBodies.error(ctx, 404, "no run " + id, "id");
            }
        });
    }

    private void attempts(RoutingContext ctx) {
        String id = QueryParams.id(ctx, "id");
        blocking(ctx, () -> store.attempts(id)).onSuccess(a -> JsonBodies.send(ctx, 200, a));
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return workers.executeBlocking(work, false).onFailure(ctx::fail);
    }
}
