package io.gfxfleet.orchestrator.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer (pages, API, packages, logs): the dashboard loads only its own
 * scripts and styles, nothing may frame it, and no answer is sniffed into another type. The
 * agents page keeps the operator token in {@code sessionStorage}, so script from anywhere else
 * on this origin (an uploaded log rendered as a document) must never run.
 */
public final class SecurityHeaders {
    public static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** For served files (logs, packages): a document that runs nothing and loads nothing. */
    public static final String FILE_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";

    private SecurityHeaders() {}

    public static void apply(RoutingContext ctx) {
        ctx.response().headers()
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Content-Security-Policy", ctx.request().path().startsWith("/ui/") || ctx.request().path().equals("/")
                        ? PAGE_POLICY : FILE_POLICY);
        ctx.next();
    }
}
