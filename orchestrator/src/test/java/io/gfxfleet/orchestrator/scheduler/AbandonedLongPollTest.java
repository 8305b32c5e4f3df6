package io.gfxfleet.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An agent that hangs up during its long-poll leaves the queue of waiting agents at once. */
class AbandonedLongPollTest {
    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0));
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    @Test
    void aHungUpAgentIsNotOfferedWork() throws Exception {
        URI base = URI.create(orchestrator.baseUrl());
        String body = "{\"agent_id\": \"gone\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 25}";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/leases HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitWaitingAgents(1);
        }
        // Long before its 25 s poll would end, the departed agent no longer waits...
        awaitWaitingAgents(0);

        // ...so the run's job goes to the agent that is still there, and to nobody else first.
        assertEquals(201, post("/api/v1/runs", "{\"run_id\": \"r1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\","
                + " \"deps_index_url\": \"http://127.0.0.1:9/python-deps/simple/\","
                + " \"run_index_url\": \"http://127.0.0.1:9/r1-linux/python/gfx94X-dcgpu/simple/\"}").statusCode());
        HttpResponse<String> lease = post("/api/v1/leases",
                "{\"agent_id\": \"here\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 5}");
        assertEquals(200, lease.statusCode(), lease.body());
        assertEquals(1, json.readTree(lease.body()).path("job").path("attempt").asInt());
        JsonNode agents = json.readTree(http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + "/api/v1/agents")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode agent : agents.isArray() ? agents : agents.path("agents")) {
            String expectedJob = agent.path("id").asText().equals("here") ? json.readTree(lease.body()).path("job").path("job_id").asText() : "";
            assertEquals(expectedJob, agent.path("current_job").asText(""), agent.toString());
        }
    }

    private static void awaitWaitingAgents(int expected) throws Exception {
        int seen = -1;
        for (int i = 0; i < 200 && seen != expected; i++) {
            if (i > 0) {
                Thread.sleep(25);
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            seen = json.readTree(health.body()).path("waiting_agents").asInt();
        }
        assertEquals(expected, seen, "agents waiting for work");
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
