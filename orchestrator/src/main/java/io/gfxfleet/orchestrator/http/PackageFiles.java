package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

import io.gfxfleet.protocol.url.IndexUrl;
import io.gfxfleet.protocol.url.RefusedUrl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code /packages/}: the local packages folder (run indexes and the deps index written by
 * {@code publish --output-dir}) served the way the S3 publisher serves a bucket: pages are always
 * revalidated, a run's distribution and {@code .metadata} files (which never change under one name)
 * may be kept by the client, so an agent's second job of a run installs from its pip cache.
 */
public final class PackageFiles {
    private final Path folder;

    public PackageFiles(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public void mount(Router router) {
        router.route("/packages/*")
                .handler(this::confined)
                .handler(PackageFiles::cacheHeaders)
                .handler(StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
                        .setCachingEnabled(false)
                        .setDirectoryListing(false)
                        .setIndexPage("index.html"));
    }

    /**
     * Only paths the index URL policy accepts, and only files really inside the folder: a path
     * the static handler would decode into another one ({@code /allowed/%2E%2E/evil/}) is a 400,
     * and a symlink that leads out of the folder is a 404, as if the file were not there.
     */
    private void confined(RoutingContext ctx) {
        List<String> segments;
        try {
            segments = IndexUrl.segmentsOf(ctx.request().path());
        } catch (RefusedUrl e) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("refused path: " + e.getMessage() + "\n");
            return;
        }
        Path file = folder;
        for (String s : segments.subList(1, segments.size())) {
            file = file.resolve(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        Path target = file;
        ctx.vertx().executeBlocking(() -> insideFolder(target), false).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                ctx.next();
            } else {
                ctx.response().setStatusCode(404).end();
            }
        });
    }

    /** A missing file is inside (the static handler answers 404); an existing one must resolve inside. */
    private boolean insideFolder(Path file) throws java.io.IOException {
        if (!file.normalize().startsWith(folder)) {
            return false;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return true;
        }
        return file.toRealPath().startsWith(folder.toRealPath());
    }

    private static void cacheHeaders(RoutingContext ctx) {
        boolean distFile = isDistributionFile(ctx.normalizedPath());
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().getStatusCode() == 200) {
                ctx.response().putHeader("cache-control", distFile ? ObjectTarget.IMMUTABLE : ObjectTarget.NO_CACHE);
            }
        });
        ctx.next();
    }

    /** A file in a {@code dist/} folder, not the folder's flat index page. */
    static boolean isDistributionFile(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        return path.substring(0, slash + 1).endsWith("/dist/") && !name.isEmpty() && !name.equals("index.html");
    }
}
