package io.gfxfleet.agent.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.ApiError;
import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.Heartbeat;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.LeaseGrant;
import io.gfxfleet.protocol.messages.LeaseRequest;
import io.gfxfleet.protocol.messages.ResultBatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The agent's side of {@code /api/v1}: lease, heartbeat, results, completion. */
public final class OrchestratorClient {
    private final URI base;
    private final String token;
    private final HttpClient http;

    public OrchestratorClient(URI base, String token) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    /** Long-polls for a job; empty when none came within the wait. */
    public Optional<LeaseGrant> acquire(LeaseRequest request) throws IOException, LeaseLost {
        return acquire(request, new Cancellation());
    }

    /**
     * Long-polls for a job; empty when none came within the wait. When {@code stop} fires first the
     * request is aborted (its connection closed, so the orchestrator puts back a job it was about to
     * grant) and this throws {@link Aborted} at once rather than returning at the poll's end.
     */
    public Optional<LeaseGrant> acquire(LeaseRequest request, Cancellation stop) throws IOException, LeaseLost {
        Duration wait = Duration.ofSeconds(request.waitSeconds() == null ? 0 : request.waitSeconds());
        if (stop.isCancelled()) {
            throw new Aborted(ApiPaths.LEASES);
        }
        CompletableFuture<HttpResponse<byte[]>> inFlight =
                http.sendAsync(request(ApiPaths.LEASES, request, wait.plusSeconds(15)), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> r;
        try (Cancellation.Registration abort = stop.onCancel(why -> inFlight.cancel(true))) {
            r = inFlight.get();
        } catch (CancellationException e) {
            throw new Aborted(ApiPaths.LEASES);
        } catch (ExecutionException e) {
            if (stop.isCancelled()) {
                // Aborting the exchange may fail it with an IOException before the cancel lands: still the stop.
                throw new Aborted(ApiPaths.LEASES);
            }
            throw e.getCause() instanceof IOException io ? io : new IOException("calling " + ApiPaths.LEASES + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            inFlight.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + ApiPaths.LEASES, e);
        }
        if (r.statusCode() == 204) {
            return Optional.empty();
        }
        return Optional.of(decode(r, LeaseGrant.class));
    }

    public HeartbeatReply heartbeat(String leaseId, Heartbeat hb) throws IOException, LeaseLost {
        return decode(post(ApiPaths.fill(ApiPaths.LEASE_HEARTBEAT, leaseId), hb, Duration.ofSeconds(15)), HeartbeatReply.class);
    }

    public BatchAck sendResults(String leaseId, ResultBatch batch) throws IOException, LeaseLost {
        return decode(post(ApiPaths.fill(ApiPaths.LEASE_RESULTS, leaseId), batch, Duration.ofSeconds(60)), BatchAck.class);
    }

    /** Gives a leased job back unfinished (the agent is stopping): it is re-queued at once. */
    public void release(String leaseId, String leaseToken) throws IOException, LeaseLost {
        HttpResponse<byte[]> r = post(ApiPaths.fill(ApiPaths.LEASE_RELEASE, leaseId), new Heartbeat(leaseToken, "handing back"), Duration.ofSeconds(15));
        if (r.statusCode() != 200) {
            decode(r, Object.class);
        }
    }

    public JobView complete(String leaseId, JobCompletion completion) throws IOException, LeaseLost {
        return decode(post(ApiPaths.fill(ApiPaths.LEASE_COMPLETE, leaseId), completion, Duration.ofSeconds(30)), JobView.class);
    }

    /**
     * Uploads one log file of the job under its lease ({@code POST /leases/{lease}/logs/{name}},
     * the lease token in {@code X-Lease-Token}).
     */
    public void uploadLog(String leaseId, String leaseToken, String name, java.nio.file.Path file) throws IOException, LeaseLost {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + ApiPaths.fill(ApiPaths.LEASE_LOG, leaseId, name)))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/octet-stream")
                .header("X-Lease-Token", leaseToken)
                .POST(HttpRequest.BodyPublishers.ofFile(file));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted uploading " + name, e);
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            String message = errorMessage(r);
            if (r.statusCode() == 409) {
                throw new LeaseLost(message);
            }
            throw new IOException("log upload of " + name + " answered " + r.statusCode() + ": " + message);
        }
    }

    /** {@code path} is one of {@link ApiPaths}, filled. */
    private HttpResponse<byte[]> post(String path, Object body, Duration timeout) throws IOException {
        try {
            return http.send(request(path, body, timeout), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + path, e);
        }
    }

    private HttpRequest request(String path, Object body, Duration timeout) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private static <T> T decode(HttpResponse<byte[]> r, Class<T> type) throws IOException, LeaseLost {
        int code = r.statusCode();
        if (code == 200 || code == 201) {
            try {
                return Json.MAPPER.readValue(r.body(), type);
            } catch (JsonProcessingException e) {
                throw new IOException("orchestrator sent an unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
        }
        String message = errorMessage(r);
        if (code == 409) {
            throw new LeaseLost(message);
        }
        if (code >= 400 && code < 500) {
            throw new RejectedRequest(code, message);
        }
        throw new IOException("orchestrator answered " + code + ": " + message);
    }

    private static String errorMessage(HttpResponse<byte[]> r) {
        try {
            return Json.MAPPER.readValue(r.body(), ApiError.class).error();
        } catch (IOException | RuntimeException e) {
            return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The caller's stop ended the request before it was answered. */
    public static final class Aborted extends IOException {
        Aborted(String path) {
            super("request to " + path + " aborted: the agent is stopping");
        }
    }

    /** A 4xx other than 409: retrying the same request cannot help. */
    public static final class RejectedRequest extends IOException {
        private final int status;

        RejectedRequest(int status, String message) {
            super("orchestrator refused the request (" + status + "): " + message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
