package io.gfxfleet.orchestrator.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * What to do with the body of a request that was answered without reading it (401, 413, 415,
 * 503): drop its bytes as they come, never buffering them. A well-behaved client finishes
 * sending and reuses the connection; an HTTP/1 client still sending after a short grace is cut
 * off. Closing at once would reset the connection with bytes in flight, and the client could
 * lose the answer that says what went wrong.
 */
public final class UnreadBody {
    static final long GRACE_MILLIS = 5_000;

    private UnreadBody() {}

    public static void discard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return;
        }
        HttpConnection connection = request.connection();
        if (request.version() != HttpVersion.HTTP_2) {
            long timer = ctx.vertx().setTimer(GRACE_MILLIS, id -> {
                if (!request.isEnded()) {
                    connection.close();
                }
            });
            request.endHandler(v -> ctx.vertx().cancelTimer(timer));
        }
        request.handler(ignored -> {});
        request.resume();
    }
}
