package io.gfxfleet.orchestrator.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard: static pages from the jar ({@code index.html} matrix, {@code run.html},
 * {@code history.html}) that read everything they show from {@code /api/v1}, by the routes of
 * {@code /ui/api-paths.js} ({@link DashboardApiPaths}).
 */
public final class DashboardRoutes {
    public void mount(Router router) {
        // A redirect, not a reroute: the pages load their scripts by relative URL, so the browser
        // must be at /ui/.
        router.get("/").handler(ctx -> ctx.redirect("/ui/"));
        // Written once at start from ApiPaths: the pages' routes have one home, shared with the server.
        String apiPaths = DashboardApiPaths.script();
        router.get("/ui/" + DashboardApiPaths.SCRIPT).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/javascript; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(apiPaths));
        router.route("/ui/*").handler(StaticHandler.create("dashboard").setCachingEnabled(false).setIndexPage("index.html"));
    }
}
