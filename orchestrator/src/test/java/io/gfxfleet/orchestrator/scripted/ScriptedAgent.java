package io.gfxfleet.orchestrator.scripted;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives jobs to chosen verdicts through the orchestrator's real HTTP API, the way an agent does
 * (lease, result batches, completion), so that dashboard and submitter tests see real data.
 */
public final class ScriptedAgent {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;
    private final String agentId;

    public ScriptedAgent(String base, String agentId) {
        this.base = base;
        this.agentId = agentId;
    }

    /** A granted lease: what later calls need. */
    public record Grant(String leaseId, String token, String jobId, String runKey, String runId, String family) {}

    /** The Python version {@link #submit} asks for: tested on Linux and Windows alike. */
    public static final String PYTHON = "3.12";

    public static RunView submit(String base, String runId, String platform, String version, String... families) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("platform", platform);
        body.put("artifact_group", "multiarch");
        body.put("version", version);
        body.put("deps_index_url", "http://127.0.0.1:9/python-deps/simple/");
        body.put("run_index_url", "http://127.0.0.1:9/" + runId + "-" + platform + "/python/multiarch/simple/");
        body.put("families", Arrays.asList(families));
        // One job per family: no versions would be one per tested Python (3 on Linux). Scripted
        // agents name no interpreters, so they offer the platform's tested versions, 3.12 among them.
        body.put("python_versions", List.of(PYTHON));
        HttpResponse<String> r = post(base + "/api/v1/runs", body);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IOException("submit answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readValue(r.body(), RunView.class);
    }

    public Grant lease(String family) throws IOException {
        return lease(family, 0);
    }

    /** Long-polls up to {@code waitSeconds} for a job of the family (e.g. one another thread is about to submit). */
    public Grant lease(String family, int waitSeconds) throws IOException {
        HttpResponse<String> r = post(base + "/api/v1/leases", Map.of("agent_id", agentId, "families", List.of(family), "wait_seconds", waitSeconds));
        if (r.statusCode() != 200) {
            throw new IOException("no lease for " + family + ": " + r.statusCode() + " " + r.body());
        }
        JsonNode g = Json.MAPPER.readTree(r.body());
        return new Grant(g.get("lease_id").asText(), g.get("token").asText(), g.at("/job/job_id").asText(),
                g.at("/job/run_key").asText(), g.at("/job/run_id").asText(), g.at("/job/family").asText());
    }

    public void results(Grant grant, long sequence, List<TestResult> results) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lease_token", grant.token());
        body.put("sequence", sequence);
        body.put("results", results);
        expectOk(post(base + "/api/v1/leases/" + grant.leaseId() + "/results", body));
    }

    public void complete(Grant grant, String verdict, String reason, long lastSequence) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lease_token", grant.token());
        body.put("verdict", verdict);
        body.put("reason", reason);
        body.put("last_sequence", lastSequence);
        expectOk(post(base + "/api/v1/leases/" + grant.leaseId() + "/complete", body));
    }

    /** Uploads one log of the lease (as the agent uploads {@code junit.xml} and step logs). */
    public void uploadLog(Grant grant, String name, String content) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/leases/" + grant.leaseId() + "/logs/" + name))
                    .header("X-Lease-Token", grant.token()).POST(HttpRequest.BodyPublishers.ofString(content)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IOException(r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Lease the family's job, send the results as one batch, and complete with the verdict they imply. */
    public Grant finish(String family, List<TestResult> results) throws IOException {
        return finish(lease(family), results);
    }

    public Grant finish(Grant g, List<TestResult> results) throws IOException {
        results(g, 1, results);
        boolean failed = results.stream().anyMatch(r -> r.status().isFailure());
        complete(g, failed ? "failed" : "passed", failed ? "tests failed" : null, 1);
        return g;
    }

    public static TestResult test(String component, String method, TestStatus status) {
        return test(component, method, status, status.isFailure() ? "AssertionError: " + method + " went wrong" : null,
                status.isFailure() ? "Traceback (most recent call last):\n  File \"test.py\", line 3, in " + method
                        + "\nAssertionError: " + method + " went wrong" : null);
    }

    public static TestResult test(String component, String method, TestStatus status, String message, String details) {
        String cls = "rocm_sdk.tests." + component + "_test.ROCm" + Character.toUpperCase(component.charAt(0)) + component.substring(1) + "Test";
        return new TestResult("libraries", component, cls + "." + method, cls, method, status, 12L, message, details, List.of());
    }

    private static HttpResponse<String> post(String url, Object body) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static String get(String url) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            expectOk(r);
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void expectOk(HttpResponse<String> r) throws IOException {
        if (r.statusCode() != 200) {
            throw new IOException(r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
