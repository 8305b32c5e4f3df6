package io.gfxfleet.orchestrator.http;

import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.orchestrator.auth.Authorizer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a write must pass before its body is read, in this order: a known token (when tokens are
 * on), a JSON content type (log uploads: raw bytes), a declared size within the route's limit, a
 * share of the process-wide budget of buffered bytes, and a deadline for the whole body. Only then
 * does {@link BodyHandler} buffer it. A client without a token is answered 401 and disconnected
 * with its body unread; many slow clients with tokens are bounded by the budget (503) and the
 * deadline (408), so neither can take the heap.
 * <p>
 * JSON-only writes also shut cross-site forms out in no-token mode: a browser sends a form or a
 * {@code text/plain} body to another site without asking, but not {@code application/json}.
 */
final class RequestGate {
    /** Results batches (≤ {@link ResultLimits#MAX_BATCH} results with tracebacks) and log uploads. */
    static final long LARGE_BODY_BYTES = 16L * 1024 * 1024;
    /** Every other write: a run submission, a lease request, a heartbeat. */
    static final long SMALL_BODY_BYTES = 256L * 1024;
    /** A whole body must arrive within this; a trickling client holds a budget share no longer. */
    static final long BODY_DEADLINE_MILLIS = 120_000;

    private final Authorizer auth;
    private final long budgetBytes;
    private final AtomicLong buffered = new AtomicLong();
    private final BodyHandler small = BodyHandler.create().setBodyLimit(SMALL_BODY_BYTES);
    private final BodyHandler large = BodyHandler.create().setBodyLimit(LARGE_BODY_BYTES);

    RequestGate(Authorizer auth) {
        this.auth = auth;
        // A quarter of the heap, at most 256 MiB: bodies never crowd out the rest of the service.
        this.budgetBytes = Math.max(2 * LARGE_BODY_BYTES, Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4));
    }

    void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        if (!auth.authenticate(ctx)) {
            return;
        }
        String path = ctx.request().path();
        boolean logUpload = ApiPaths.matches(ApiPaths.LEASE_LOG, path);
        boolean large = logUpload || ApiPaths.matches(ApiPaths.LEASE_RESULTS, path);
        String type = ctx.request().getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!logUpload && !mediaType.equals("application/json")) {
            refuse(ctx, 415, "writes take Content-Type: application/json, got " + (type == null ? "none" : "'" + type + "'"),
                    "content-type");
            return;
        }
        long limit = large ? LARGE_BODY_BYTES : SMALL_BODY_BYTES;
        String declared = ctx.request().getHeader("Content-Length");
        long length;
        try {
            length = declared == null ? limit : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "Content-Length is not a number", "content-length");
            return;
        }
        if (length < 0 || length > limit) {
            refuse(ctx, 413, "request body of " + length + " bytes is larger than the " + limit + " bytes this route takes", "body");
            return;
        }
        long reserved = Math.max(length, 1);
        if (buffered.addAndGet(reserved) > budgetBytes) {
            buffered.addAndGet(-reserved);
            ctx.response().putHeader("Retry-After", "5");
            refuse(ctx, 503, "too many request bodies in flight; retry", "body");
            return;
        }
        long timer = ctx.vertx().setTimer(BODY_DEADLINE_MILLIS, id -> {
            if (!ctx.request().isEnded() && !ctx.response().ended()) {
                refuse(ctx, 408, "request body not received within " + BODY_DEADLINE_MILLIS / 1000 + " s", "body");
            }
        });
        ctx.addEndHandler(v -> {
            buffered.addAndGet(-reserved);
            ctx.vertx().cancelTimer(timer);
        });
        (large ? this.large : this.small).handle(ctx);
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /** Bytes currently reserved by bodies in flight (for tests and /health). */
    long bufferedBytes() {
        return buffered.get();
    }

    /** Answers; a body still unread is dropped as it arrives and the connection then closed. */
    private static void refuse(RoutingContext ctx, int status, String message, String field) {
        boolean unread = !ctx.request().isEnded();
        JsonBodies.error(ctx, status, message, field);
        if (unread) {
            UnreadBody.discard(ctx);
        }
    }
}
