package io.gfxfleet.orchestrator.auth;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens by role, stored hashed; reads stay open; index URLs only under the operator's prefixes. */
class AuthorizationTest {
    static final String AGENT = "agent-token-0123456789";
    static final String SUBMITTER = "submitter-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String ALLOWED = "http://127.0.0.1:9/bucket/";

    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, String.join("\n",
                "# role name sha256",
                "agent mi325-pool " + TokenRegistry.hash(AGENT),
                "submitter therock-ci " + TokenRegistry.hash(SUBMITTER),
                "operator,submitter oncall " + TokenRegistry.hash(OPERATOR)));
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0)
                .withTokens(TokenRegistry.load(tokens))
                .withAllowlist(new IndexAllowlist(List.of(ALLOWED))));
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String submission(String runId, String runIndex) {
        return "{\"run_id\": \"" + runId + "\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\","
                + " \"deps_index_url\": \"" + ALLOWED + "python-deps/simple/\", \"run_index_url\": \"" + runIndex + "\"}";
    }

    @Test
    void submittingNeedsASubmitterToken() throws Exception {
        String body = submission("a1", ALLOWED + "a1-linux/python/gfx94X-dcgpu/simple/");
        assertEquals(401, post("/api/v1/runs", null, body).statusCode());
        assertEquals(401, post("/api/v1/runs", "wrong", body).statusCode());
        assertEquals(403, post("/api/v1/runs", AGENT, body).statusCode());
        assertEquals(201, post("/api/v1/runs", SUBMITTER, body).statusCode());
    }

    @Test
    void leasingNeedsAnAgentToken() throws Exception {
        String body = "{\"agent_id\": \"a\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 0}";
        assertEquals(401, post("/api/v1/leases", null, body).statusCode());
        assertEquals(403, post("/api/v1/leases", SUBMITTER, body).statusCode());
        int status = post("/api/v1/leases", AGENT, body).statusCode();
        assertTrue(status == 200 || status == 204, "agent token accepted: " + status);
        assertEquals(401, post("/api/v1/leases/0bc81284-9479-4ab8-bfce-646ea854aac5/heartbeat", null, "{\"lease_token\":\"x\"}").statusCode());
    }

    @Test
    void drainingNeedsAnOperatorAndReadsStayOpen() throws Exception {
        post("/api/v1/leases", AGENT, "{\"agent_id\": \"box1\", \"families\": [\"gfx110X-all\"], \"wait_seconds\": 0}");
        assertEquals(403, post("/api/v1/agents/box1/drain", SUBMITTER, "").statusCode());
        assertEquals(200, post("/api/v1/agents/box1/drain", OPERATOR, "").statusCode());
        HttpResponse<String> agents = http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + "/api/v1/agents")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, agents.statusCode());
        assertTrue(agents.body().contains("\"id\":\"box1\"") && agents.body().contains("\"drained\":true"), agents.body());
        assertEquals(404, post("/api/v1/agents/nobody/drain", OPERATOR, "").statusCode());
    }

    @Test
    void indexUrlsOutsideTheAllowlistAreRefused() throws Exception {
        for (String url : List.of("http://evil.example/bucket/x/simple/", ALLOWED + "../other/simple/",
                "http://127.0.0.1:9/bucket-evil/simple/")) {
            HttpResponse<String> r = post("/api/v1/runs", SUBMITTER, submission("evil", url));
            assertEquals(400, r.statusCode(), url + " -> " + r.body());
            assertTrue(r.body().contains("run_index_url"), r.body());
        }
    }

    @Test
    void aRunForAFamilyWithoutAgentsSaysSo() throws Exception {
        String body = "{\"run_id\": \"lonely\", \"artifact_group\": \"gfx950-dcgpu\", \"version\": \"7.10.0\","
                + " \"deps_index_url\": \"" + ALLOWED + "d/\", \"run_index_url\": \"" + ALLOWED + "r/\"}";
        HttpResponse<String> r = post("/api/v1/runs", SUBMITTER, body);
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().contains("no agent for gfx950-dcgpu"), r.body());
    }

    @Test
    void aTokensFileWithABadLineIsRejectedNamingTheLine() throws Exception {
        Path bad = dir.resolve("bad-tokens");
        Files.writeString(bad, "agent pool " + TokenRegistry.hash("x") + "\nwizard someone " + TokenRegistry.hash("y") + "\n");
        var e = assertThrows(java.io.IOException.class, () -> TokenRegistry.load(bad));
        assertTrue(e.getMessage().contains(":2:") && e.getMessage().contains("wizard"), e.getMessage());
    }
}
