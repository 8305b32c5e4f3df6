package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

import java.nio.file.Path;

/**
 * {@code /packages/}: the local packages folder (run indexes and the deps index written by
 * {@code publish --output-dir}) served the way the S3 publisher serves a bucket: pages are always
 * revalidated, a run's distribution and {@code .metadata} files (which never change under one name)
 * may be kept by the client, so an agent's second job of a run installs from its pip cache.
 */
public final class PackageFiles {
    private final Path folder;

    public PackageFiles(Path folder) {
        this.folder = folder.toAbsolutePath();
    }

    public void mount(Router router) {
        router.route("/packages/*")
                .handler(PackageFiles::cacheHeaders)
                .handler(StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
                        .setCachingEnabled(false)
                        .setDirectoryListing(false)
                        .setIndexPage("index.html"));
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
