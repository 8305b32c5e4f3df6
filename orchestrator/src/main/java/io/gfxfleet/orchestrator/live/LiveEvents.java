package io.gfxfleet.orchestrator.live;

import io.gfxfleet.protocol.ApiPaths;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Server-sent events for open dashboards: a change notice, coalesced to at most a few per second,
 * after which the page re-reads what it shows. Every touch of the subscriber set is on the event loop.
 */
public final class LiveEvents {
    private static final long COALESCE_MILLIS = 250;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final Vertx vertx;
    /** The verticle's context: subscribers and pending notices are only touched from it. */
    private final io.vertx.core.Context context;
    private final Set<HttpServerResponse> subscribers = new LinkedHashSet<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private boolean flushScheduled;

    public LiveEvents(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        vertx.setPeriodic(KEEPALIVE_MILLIS, id -> subscribers.forEach(r -> r.write(": keepalive\n\n")));
    }

    public void mount(Router router) {
        router.get(ApiPaths.EVENTS).handler(this::subscribe);
    }

    private void subscribe(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        r.write("retry: 2000\n\n");
        subscribers.add(r);
        r.closeHandler(v -> subscribers.remove(r));
        r.exceptionHandler(e -> subscribers.remove(r));
    }

    public void runChanged(String runKey) {
        publish("run:" + runKey);
    }

    public void jobChanged(String jobId) {
        publish("job:" + jobId);
    }

    public void resultsStored(String leaseId, int count) {
        publish("lease:" + leaseId);
    }

    /** Callable from any thread. */
    public void publish(String what) {
        context.runOnContext(v -> {
            pending.add(what);
            if (!flushScheduled) {
                flushScheduled = true;
                vertx.setTimer(COALESCE_MILLIS, id -> flush());
            }
        });
    }

    private void flush() {
        flushScheduled = false;
        if (pending.isEmpty()) {
            return;
        }
        String data = String.join(" ", pending);
        pending.clear();
        for (HttpServerResponse r : subscribers) {
            r.write("event: change\ndata: " + data + "\n\n");
        }
    }

    public int subscribers() {
        return subscribers.size();
    }
}
