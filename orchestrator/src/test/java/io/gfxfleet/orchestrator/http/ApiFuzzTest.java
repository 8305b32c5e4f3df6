package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile-input suite, the API: random and mutated JSON bodies to every write route, seeded and
 * bounded by count. The server never answers 5xx, and every 400/413 names the field at fault.
 */
class ApiFuzzTest {
    static final long SEED = 15L;
    static final int PER_ROUTE = 60;
    static final String LEASE = "0bc81284-9479-4ab8-bfce-646ea854aac5";
    static final List<String[]> ROUTES = List.of(
            new String[] {"/api/v1/runs", "{\"run_id\": \"f1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\","
                    + " \"find_links_url\": \"http://h/x/index.html\", \"families\": [\"gfx94X-dcgpu\"], \"priority\": \"presubmit\"}"},
            new String[] {"/api/v1/leases", "{\"agent_id\": \"fuzz\", \"families\": [\"gfx94X-dcgpu\"], \"gfx_targets\": [\"gfx942\"],"
                    + " \"labels\": [\"1gpu\"], \"wait_seconds\": 0}"},
            new String[] {"/api/v1/leases/" + LEASE + "/heartbeat", "{\"lease_token\": \"t\", \"progress\": \"install\"}"},
            new String[] {"/api/v1/leases/" + LEASE + "/results", "{\"lease_token\": \"t\", \"sequence\": 1, \"results\": [{\"step\": \"s\","
                    + " \"component\": \"core\", \"test_id\": \"a.b\", \"status\": \"passed\", \"duration_millis\": 5, \"subtests\": []}]}"},
            new String[] {"/api/v1/leases/" + LEASE + "/complete", "{\"lease_token\": \"t\", \"verdict\": \"passed\", \"reason\": null, \"last_sequence\": 1}"},
            new String[] {"/api/v1/leases/" + LEASE + "/release", "{\"lease_token\": \"t\"}"},
            new String[] {"/api/v1/runs/" + LEASE + "/cancel", "{}"},
            new String[] {"/api/v1/agents/fuzz/drain", "{}"});
    static final String[] TOKENS = {"null", "true", "-1", "1e308", "9999999999999999999999", "\"\"", "\"\\u0000\"", "[]", "{}",
            "\"x\"", "\"gfx94X-dcgpu\"", "\"%2E%2E/\"", "[null]", "{\"a\": 1}", "\"" + "y".repeat(3000) + "\"", "1.5", "\"passed\""};

    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir, 0));
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    static String mutate(Random r, String json) {
        switch (r.nextInt(6)) {
            case 0: {
                // replace one value with a hostile token
                List<Integer> colons = new java.util.ArrayList<>();
                for (int i = 0; i < json.length(); i++) {
                    if (json.charAt(i) == ':') {
                        colons.add(i);
                    }
                }
                if (colons.isEmpty()) {
                    return json + TOKENS[r.nextInt(TOKENS.length)];
                }
                int at = colons.get(r.nextInt(colons.size())) + 1;
                int end = at;
                int depth = 0;
                while (end < json.length()) {
                    char c = json.charAt(end);
                    if (c == '[' || c == '{') depth++;
                    if (c == ']' || c == '}') { if (depth == 0) break; depth--; }
                    if (c == ',' && depth == 0) break;
                    end++;
                }
                return json.substring(0, at) + " " + TOKENS[r.nextInt(TOKENS.length)] + json.substring(end);
            }
            case 1: {
                // drop a random slice (may break the syntax: fine)
                int a = r.nextInt(json.length());
                int b = Math.min(json.length(), a + 1 + r.nextInt(12));
                return json.substring(0, a) + json.substring(b);
            }
            case 2:
                return json + (r.nextBoolean() ? " garbage" : " {}");
            case 3:
                return json.replaceFirst("\\{", "{\"" + (r.nextBoolean() ? "unknown_field" : "lease_token") + "\": 1, ");
            case 4: {
                StringBuilder b = new StringBuilder();
                int n = r.nextInt(200);
                for (int i = 0; i < n; i++) {
                    b.append((char) (r.nextInt(95) + 32));
                }
                return b.toString();
            }
            default:
                return "[".repeat(r.nextInt(3000)) + json;
        }
    }

    @Test
    void everyWriteRouteAnswersHostileBodiesWithA4xxNamingTheField() throws Exception {
        Random r = new Random(SEED);
        int answered4xx = 0;
        for (String[] route : ROUTES) {
            for (int i = 0; i < PER_ROUTE; i++) {
                String body = mutate(r, route[1]);
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + route[0]))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                String shown = route[0] + " <- " + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + " -> " + status + " "
                        + (resp.body().length() > 300 ? resp.body().substring(0, 300) : resp.body());
                assertTrue(status < 500, shown);
                if (status == 400 || status == 413) {
                    answered4xx++;
                    JsonNode error = Json.MAPPER.readTree(resp.body());
                    assertFalse(error.path("field").asText().isBlank(), "names the field: " + shown);
                    assertFalse(error.path("error").asText().isBlank(), shown);
                }
            }
        }
        assertTrue(answered4xx > PER_ROUTE, "most hostile bodies are refused: " + answered4xx);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + "/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(health.statusCode() == 200, health.body());
    }
}
