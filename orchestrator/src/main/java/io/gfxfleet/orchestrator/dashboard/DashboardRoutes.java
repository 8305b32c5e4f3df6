package io.gfxfleet.orchestrator.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** The dashboard: static pages from the jar that read everything they show from {@code /api/v1}. */
public final class DashboardRoutes {
    public void mount(Router router) {
        router.get("/").handler(ctx -> ctx.reroute("/ui/index.html"));
        router.route("/ui/*").handler(StaticHandler.create("dashboard").setCachingEnabled(false));
    }
}
