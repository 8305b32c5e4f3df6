package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.store.LeaseJob;
import io.gfxfleet.orchestrator.store.Store;
import io.gfxfleet.protocol.ApiVersion;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A job's logs (full step logs, {@code pip freeze} of each venv, the JUnit XML report), uploaded
 * by the agent that holds the lease and kept under the orchestrator's data folder:
 * <ul>
 *   <li>{@code POST /leases/{lease}/logs/{name}}: raw body, the lease token in
 *       {@value #TOKEN_HEADER}; at most {@value #MAX_LOG_BYTES} bytes; replaces an earlier upload;</li>
 *   <li>{@code GET /jobs/{id}/logs}: [{attempt, name, bytes, url}];</li>
 *   <li>{@code GET /jobs/{id}/logs/{attempt}/{name}}: the file, as text.</li>
 * </ul>
 * Stored as {@code <logsDir>/<job>/<attempt>/<name>}.
 */
public final class LogRoutes {
    public static final String TOKEN_HEADER = "X-Lease-Token";
    public static final long MAX_LOG_BYTES = 16L * 1024 * 1024;
    /** All of one attempt's logs: a few step logs, freezes, reports and the JUnit XML fit with room. */
    public static final long MAX_BYTES_PER_LEASE = 64L * 1024 * 1024;
    public static final int MAX_LOGS_PER_LEASE = 64;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    private static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$");

    private final Store store;
    private final WorkerExecutor workers;
    private final Path logsDir;

    public LogRoutes(Store store, WorkerExecutor workers, Path logsDir) {
        this.store = store;
        this.workers = workers;
        this.logsDir = logsDir.toAbsolutePath().normalize();
    }

    public void mount(Router router) {
        String p = ApiVersion.PREFIX;
        router.post(p + "/leases/:lease/logs/:name").handler(this::upload);
        router.get(p + "/jobs/:id/logs").handler(this::list);
        router.get(p + "/jobs/:id/logs/:attempt/:name").handler(this::download);
    }

    /** A log's record in the listing. */
    public record LogFile(int attempt, String name, long bytes, String url) {}

    private void upload(RoutingContext ctx) {
        String leaseId = ctx.pathParam("lease");
        String name = ctx.pathParam("name");
        String token = ctx.request().getHeader(TOKEN_HEADER);
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            ctx.fail(new BadRequest("name", "log name must be 1-100 characters of [A-Za-z0-9._-], got '" + name + "'"));
            return;
        }
        if (token == null || token.isBlank()) {
            ctx.fail(new BadRequest("token", "the lease token is required in the " + TOKEN_HEADER + " header"));
            return;
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        if (bytes.length > MAX_LOG_BYTES) {
            JsonBodies.error(ctx, 413, "log " + name + " is " + bytes.length + " bytes; at most " + MAX_LOG_BYTES + " are kept", "body");
            return;
        }
        workers.executeBlocking(() -> {
            LeaseJob job = store.leaseJob(leaseId, token);
            Path dir = jobDir(job.jobId()).resolve(Integer.toString(job.attempt()));
            Files.createDirectories(dir);
            synchronized (this) {
                checkQuota(dir, name, bytes.length);
                Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new LogFile(job.attempt(), name, bytes.length, url(job.jobId(), job.attempt(), name));
        }, false).onSuccess(f -> JsonBodies.send(ctx, 201, f)).onFailure(e -> {
            if (e instanceof QuotaExceeded q) {
                JsonBodies.error(ctx, 413, q.getMessage(), "body");
            } else {
                ctx.fail(e);
            }
        });
    }

    /** The attempt's logs with this one (replacing its earlier upload) stay within the lease's quota. */
    private static void checkQuota(Path dir, String name, long size) throws java.io.IOException {
        long total = size;
        int files = 1;
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path f : logs.filter(f -> !f.getFileName().toString().equals(name) && !f.getFileName().toString().startsWith(".")).toList()) {
                total += Files.size(f);
                files++;
            }
        }
        if (files > MAX_LOGS_PER_LEASE) {
            throw new QuotaExceeded("a lease keeps at most " + MAX_LOGS_PER_LEASE + " logs");
        }
        if (total > MAX_BYTES_PER_LEASE) {
            throw new QuotaExceeded("a lease keeps at most " + MAX_BYTES_PER_LEASE + " bytes of logs; this one would make " + total);
        }
    }

    /** 413 naming the body: the per-lease log quota is spent. */
    static final class QuotaExceeded extends RuntimeException {
        QuotaExceeded(String message) {
            super(message);
        }
    }

    private void list(RoutingContext ctx) {
        String jobId = ctx.pathParam("id");
        if (!JOB_ID.matcher(jobId).matches()) {
            ctx.fail(new BadRequest("id", "invalid job id '" + jobId + "'"));
            return;
        }
        workers.executeBlocking(() -> {
            if (store.job(jobId).isEmpty()) {
                return null;
            }
            List<LogFile> files = new ArrayList<>();
            Path dir = jobDir(jobId);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> attempts = Files.list(dir)) {
                    for (Path a : attempts.filter(Files::isDirectory).filter(d -> d.getFileName().toString().matches("^[0-9]{1,4}$")).toList()) {
                        int attempt = Integer.parseInt(a.getFileName().toString());
                        try (Stream<Path> logs = Files.list(a)) {
                            for (Path f : logs.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).toList()) {
                                files.add(new LogFile(attempt, f.getFileName().toString(), Files.size(f),
                                        url(jobId, attempt, f.getFileName().toString())));
                            }
                        }
                    }
                }
            }
            files.sort(Comparator.comparingInt(LogFile::attempt).thenComparing(LogFile::name));
            return files;
        }, false).onSuccess(files -> {
            if (files == null) {
                JsonBodies.error(ctx, 404, "no job " + jobId, "id");
            } else {
                JsonBodies.send(ctx, 200, files);
            }
        }).onFailure(ctx::fail);
    }

    private void download(RoutingContext ctx) {
        String jobId = ctx.pathParam("id");
        String attempt = ctx.pathParam("attempt");
        String name = ctx.pathParam("name");
        if (!JOB_ID.matcher(jobId).matches() || !attempt.matches("^[0-9]{1,4}$") || !NAME.matcher(name).matches()
                || name.contains("..")) {
            ctx.fail(new BadRequest("name", "invalid log path " + jobId + "/" + attempt + "/" + name));
            return;
        }
        Path file = jobDir(jobId).resolve(attempt).resolve(name);
        workers.executeBlocking(() -> Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS), false).onSuccess(exists -> {
            if (!exists) {
                JsonBodies.error(ctx, 404, "no log " + name + " for attempt " + attempt + " of job " + jobId, "name");
                return;
            }
            // Always text, never a document type: an uploaded XHTML "report" must not run script on
            // this origin. nosniff and the sandbox CSP (SecurityHeaders) keep browsers from guessing.
            ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Content-Disposition", "inline; filename=\"" + name + "\"")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", SecurityHeaders.FILE_POLICY)
                    .putHeader("Cache-Control", "no-store").sendFile(file.toString());
        }).onFailure(ctx::fail);
    }

    private Path jobDir(String jobId) {
        Path dir = logsDir.resolve(jobId).normalize();
        if (!dir.startsWith(logsDir) || !JOB_ID.matcher(jobId).matches()) {
            throw new BadRequest("id", "invalid job id '" + jobId + "'");
        }
        return dir;
    }

    private static String url(String jobId, int attempt, String name) {
        return ApiVersion.PREFIX + "/jobs/" + jobId + "/logs/" + attempt + "/" + name;
    }
}
