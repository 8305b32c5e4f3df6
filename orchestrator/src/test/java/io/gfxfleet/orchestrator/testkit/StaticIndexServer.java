package io.gfxfleet.orchestrator.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves a folder over real HTTP on an ephemeral loopback port, the way a bucket's static
 * endpoint serves a PEP 503 tree: {@code GET .../simple/} answers the folder's {@code index.html}.
 * Caching is off so that a re-publish is visible at once.
 */
public final class StaticIndexServer implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;
    private final List<String> requests;

    private StaticIndexServer(Vertx vertx, HttpServer server, List<String> requests) {
        this.vertx = vertx;
        this.server = server;
        this.requests = requests;
    }

    public static StaticIndexServer start(Path root) {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            List<String> requests = new CopyOnWriteArrayList<>();
            router.route().handler(ctx -> {
                requests.add(ctx.request().method() + " " + ctx.request().path());
                ctx.next();
            });
            router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, root.toAbsolutePath().toString())
                    .setCachingEnabled(false)
                    .setDirectoryListing(false)
                    .setIndexPage("index.html"));
            HttpServer server = vertx.createHttpServer().requestHandler(router)
                    .listen(0, "127.0.0.1").await();
            return new StaticIndexServer(vertx, server, requests);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT/} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** The URL of an object key (a key ending in '/' is a page). */
    public String url(String key) {
        return baseUrl() + key;
    }

    /** Every request so far, as {@code "GET /path"}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests so far (e.g. between two installs). */
    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
