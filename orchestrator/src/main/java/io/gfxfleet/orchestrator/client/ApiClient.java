package io.gfxfleet.orchestrator.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.ApiError;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The submitter's side of {@code /api/v1}: what build workflows (and the demo) call. */
public final class ApiClient {
    private static final TypeReference<List<TestResult>> RESULTS = new TypeReference<>() {};

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ApiClient(URI base, String token) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.token = token;
    }

    /** Submits a run; the same run twice is one run (the second answer is the existing one). */
    public RunView submit(RunSubmission submission) throws IOException {
        return send(request(ApiPaths.RUNS).POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(submission)))
                .header("Content-Type", "application/json"), RunView.class);
    }

    /** Like {@link #submit}, also telling whether this call created the run (201) or found it (200). */
    public Submitted submitRun(RunSubmission submission) throws IOException {
        HttpResponse<byte[]> r = call(request(ApiPaths.RUNS).POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(submission)))
                .header("Content-Type", "application/json"));
        return new Submitted(Json.MAPPER.readValue(r.body(), RunView.class), r.statusCode() == 201);
    }

    /** A run as the orchestrator holds it; {@code created} is false when the same run was submitted before. */
    public record Submitted(RunView run, boolean created) {}

    /** The run with its running jobs' counts so far: what a waiting submitter shows. */
    public RunView progress(String id) throws IOException {
        return send(request(ApiPaths.fill(ApiPaths.RUN_PROGRESS, id)).GET(), RunView.class);
    }

    public RunView run(String id) throws IOException {
        return send(request(ApiPaths.fill(ApiPaths.RUN, id)).GET(), RunView.class);
    }

    /** Every result of the job, page by page (the API answers at most a page at a time). */
    public List<TestResult> results(String jobId) throws IOException {
        List<TestResult> all = new java.util.ArrayList<>();
        String next = "0";
        while (next != null) {
            HttpResponse<byte[]> r = call(request(ApiPaths.fill(ApiPaths.JOB_RESULTS, jobId) + "?offset=" + Long.parseLong(next)).GET());
            all.addAll(Json.MAPPER.readValue(r.body(), RESULTS));
            next = r.headers().firstValue("X-Next-Offset").orElse(null);
        }
        return all;
    }

    /** One log a job's agent uploaded for an attempt (e.g. {@code junit.xml}); empty when there is none. */
    public java.util.Optional<byte[]> log(String jobId, int attempt, String name) throws IOException {
        try {
            return java.util.Optional.of(call(request(ApiPaths.fill(ApiPaths.JOB_LOG, jobId, attempt, name)).GET()).body());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Follows the orchestrator's change notices ({@code GET /events}, server-sent events) on a
     * thread of its own: each {@code data:} line's text goes to {@code notices}. Best effort: a
     * failure ends it quietly. Returns once the stream is open (or {@code connectWait} passed):
     * what changes from then on is noticed. Closing it closes the stream.
     */
    public AutoCloseable changeNotices(java.util.function.Consumer<String> notices, Duration connectWait) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + ApiPaths.EVENTS)).header("Accept", "text/event-stream").GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream =
                http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try (java.util.stream.Stream<String> lines = stream.get().body()) {
                lines.filter(l -> l.startsWith("data:")).forEach(l -> notices.accept(l.substring("data:".length())));
            } catch (Exception | Error e) {
                // Closed, refused or cut: the caller polls anyway.
            }
        }, "change-notices");
        reader.setDaemon(true);
        reader.start();
        try {
            stream.get(connectWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // No stream (yet): the caller polls.
        }
        return () -> {
            stream.cancel(true);
            if (stream.isDone() && !stream.isCompletedExceptionally()) {
                stream.join().body().close();
            }
            reader.interrupt();
        };
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> T send(HttpRequest.Builder b, Class<T> type) throws IOException {
        return Json.MAPPER.readValue(call(b).body(), type);
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder b) throws IOException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() >= 400) {
            String message;
            String field = null;
            try {
                ApiError error = Json.MAPPER.readValue(r.body(), ApiError.class);
                message = error.error() + (error.field() == null ? "" : " (field " + error.field() + ")");
                field = error.field();
            } catch (IOException | RuntimeException e) {
                message = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new ApiException(r.statusCode(), message, field);
        }
        return r;
    }

    /** The orchestrator said no: 4xx is the caller's mistake, 5xx its own. */
    public static final class ApiException extends IOException {
        private final int status;
        private final String field;

        public ApiException(int status, String message) {
            this(status, message, null);
        }

        public ApiException(int status, String message, String field) {
            super("orchestrator answered " + status + ": " + message);
            this.status = status;
            this.field = field;
        }

        public int status() {
            return status;
        }

        /** The request field the orchestrator named, or null. */
        public String field() {
            return field;
        }
    }
}
