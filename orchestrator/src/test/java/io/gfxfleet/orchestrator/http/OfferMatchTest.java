package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job goes only to an agent that offers its platform, Python version and image: the lease
 * match over the real HTTP API, with the run's warnings when nobody offers what it needs.
 */
class OfferMatchTest {
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private Orchestrator orchestrator;

    @BeforeEach
    void start() throws Exception {
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir, 0));
    }

    @AfterEach
    void stop() throws Exception {
        orchestrator.close();
    }

    @Test
    void eachPythonVersionIsAJobForAnAgentThatOffersIt() throws Exception {
        lease("elevens", Map.of("python_versions", List.of("3.11")), 204); // registers an agent offering 3.11 only
        JsonNode run = submit("py", "linux", Map.of("python_versions", List.of("3.10", "3.11", "3.12")));
        assertEquals(3, run.path("jobs").size(), run.toString());
        List<String> warnings = new ArrayList<>();
        run.path("warnings").forEach(w -> warnings.add(w.asText()));
        assertEquals(List.of("no agent for python 3.10", "no agent for python 3.12"), warnings);

        JsonNode eleven = lease("elevens", Map.of("python_versions", List.of("3.11")), 200);
        assertEquals("3.11", eleven.at("/job/python_version").asText());
        lease("elevens", Map.of("python_versions", List.of("3.11")), 204);
        List<String> leased = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            leased.add(lease("all", Map.of("python_versions", List.of("3.10", "3.11", "3.12", "3.13")), 200).at("/job/python_version").asText());
        }
        assertEquals(List.of("3.10", "3.12"), leased.stream().sorted().toList());
    }

    @Test
    void aWindowsRunWaitsWhileOnlyLinuxAgentsAreConnected() throws Exception {
        lease("linux-box", Map.of(), 204);
        JsonNode run = submit("win", "windows", Map.of("python_versions", List.of("default"), "image", "native"));
        assertEquals(1, run.path("jobs").size(), "Windows is tested with 3.12 only: " + run);
        assertEquals("3.12", run.at("/jobs/0/python_version").asText());
        assertTrue(run.path("warnings").toString().contains("no agent for platform windows"), run.toString());

        lease("linux-box", Map.of("platform", "linux", "python_versions", List.of("3.12"), "image", "native"), 204);
        assertEquals("queued", get("/api/v1/runs/" + run.path("id").asText()).at("/jobs/0/state").asText());
        lease("win-box", Map.of("platform", "windows", "python_versions", List.of("3.12")), 204); // no image: not native
        JsonNode win = lease("win-box", Map.of("platform", "windows", "python_versions", List.of("3.12"), "image", "native"), 200);
        assertEquals("windows", win.at("/job/platform").asText());
        assertEquals("native", win.at("/job/image").asText());

        // And the reverse: a Linux run never reaches a Windows agent.
        submit("lin", "linux", Map.of());
        lease("win-box", Map.of("platform", "windows", "python_versions", List.of("3.12"), "image", "native"), 204);
        assertEquals(200, post("/api/v1/leases", leaseBody("linux-box", Map.of())).statusCode());
    }

    private JsonNode submit(String runId, String platform, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("platform", platform);
        body.put("artifact_group", "multiarch");
        body.put("version", "7.10.0");
        body.put("deps_index_url", "http://127.0.0.1:9/d/simple/");
        body.put("run_index_url", "http://127.0.0.1:9/" + runId + "/simple/");
        body.put("families", List.of("gfx110X-all"));
        body.putAll(extra);
        HttpResponse<String> r = post("/api/v1/runs", body);
        assertEquals(201, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    private JsonNode lease(String agent, Map<String, Object> offer, int expected) throws Exception {
        HttpResponse<String> r = post("/api/v1/leases", leaseBody(agent, offer));
        assertEquals(expected, r.statusCode(), agent + " " + offer + ": " + r.body());
        return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    }

    private static Map<String, Object> leaseBody(String agent, Map<String, Object> offer) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("agent_id", agent, "families", List.of("gfx110X-all"), "wait_seconds", 0));
        body.putAll(offer);
        return body;
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
