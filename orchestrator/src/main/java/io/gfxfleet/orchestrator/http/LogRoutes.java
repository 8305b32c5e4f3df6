package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.logs.JobLogs;
import io.gfxfleet.orchestrator.logs.StoredLog;
import io.gfxfleet.orchestrator.store.LeaseJob;
import io.gfxfleet.orchestrator.store.Store;
import io.gfxfleet.protocol.ApiPaths;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A job's logs (full step logs, {@code pip freeze} of each venv, the JUnit XML report), uploaded
 * by the agent that holds the lease and kept in {@link JobLogs}, the store every replica reads:
 * <ul>
 *   <li>{@code POST /leases/{lease}/logs/{name}}: raw body, the lease token in
 *       {@value #TOKEN_HEADER}; at most the configured cap (16 MiB by default); replaces an earlier upload;</li>
 *   <li>{@code GET /jobs/{id}/logs}: [{attempt, name, bytes, url}];</li>
 *   <li>{@code GET /jobs/{id}/logs/{attempt}/{name}}: the log, as text.</li>
 * </ul>
 */
public final class LogRoutes {
    public static final String TOKEN_HEADER = "X-Lease-Token";
    /** All of one attempt's logs: a few step logs, freezes, reports and the JUnit XML fit with room. */
    public static final long MAX_BYTES_PER_LEASE = 64L * 1024 * 1024;
    public static final int MAX_LOGS_PER_LEASE = 64;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    private static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$");

    private final Store store;
    private final WorkerExecutor workers;
    private final JobLogs logs;
    private final long maxBytes;

    public LogRoutes(Store store, WorkerExecutor workers, JobLogs logs, long maxBytes) {
        this.store = store;
        this.workers = workers;
        this.logs = logs;
        this.maxBytes = maxBytes;
    }

    public void mount(Router router) {
        router.post(ApiPaths.LEASE_LOG).handler(this::upload);
        router.get(ApiPaths.JOB_LOGS).handler(this::list);
        router.get(ApiPaths.JOB_LOG).handler(this::download);
    }

    /** A log's record in the listing. */
    public record LogFile(int attempt, String name, long bytes, String url) {
        static LogFile of(String jobId, StoredLog log) {
            return new LogFile(log.attempt(), log.name(), log.bytes(), LogRoutes.url(jobId, log.attempt(), log.name()));
        }
    }

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
        if (bytes.length > maxBytes) {
            JsonBodies.error(ctx, 413, "log " + name + " is " + bytes.length + " bytes; at most " + maxBytes + " are kept", "body");
            return;
        }
        workers.executeBlocking(() -> {
            LeaseJob job = store.leaseJob(leaseId, token);
            synchronized (this) {
                checkQuota(job, name, bytes.length);
                return LogFile.of(job.jobId(), logs.put(job.jobId(), job.attempt(), name, bytes));
            }
        }, false).onSuccess(f -> JsonBodies.send(ctx, 201, f)).onFailure(e -> {
            if (e instanceof QuotaExceeded q) {
                JsonBodies.error(ctx, 413, q.getMessage(), "body");
            } else {
                ctx.fail(e);
            }
        });
    }

    /** The attempt's logs with this one (replacing its earlier upload) stay within the lease's quota. */
    private void checkQuota(LeaseJob job, String name, long size) throws java.io.IOException {
        long total = size;
        int files = 1;
        for (StoredLog log : logs.list(job.jobId())) {
            if (log.attempt() == job.attempt() && !log.name().equals(name)) {
                total += log.bytes();
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
            return logs.list(jobId).stream().map(l -> LogFile.of(jobId, l)).toList();
        }, false).onSuccess((List<LogFile> files) -> {
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
        workers.executeBlocking(() -> logs.read(jobId, Integer.parseInt(attempt), name), false).onSuccess(content -> {
            if (content.isEmpty()) {
                JsonBodies.error(ctx, 404, "no log " + name + " for attempt " + attempt + " of job " + jobId, "name");
                return;
            }
            // Always text, never a document type: an uploaded XHTML "report" must not run script on
            // this origin. nosniff and the sandbox CSP (SecurityHeaders) keep browsers from guessing.
            ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Content-Disposition", "inline; filename=\"" + name + "\"")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", SecurityHeaders.FILE_POLICY)
                    .putHeader("Cache-Control", "no-store").end(Buffer.buffer(content.get()));
        }).onFailure(ctx::fail);
    }

    private static String url(String jobId, int attempt, String name) {
        return ApiPaths.fill(ApiPaths.JOB_LOG, jobId, attempt, name);
    }
}
