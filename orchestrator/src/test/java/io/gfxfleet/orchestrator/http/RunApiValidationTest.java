package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input on the API is a 400 naming the field, and nothing is stored. */
class RunApiValidationTest {
    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static final HttpClient http = HttpClient.newHttpClient();

    static final String VALID = """
            {"run_id": "12345", "platform": "linux", "artifact_group": "gfx94X-dcgpu", "version": "7.10.0a20261125",
             "deps_index_url": "http://127.0.0.1/python-deps/simple/",
             "run_index_url": "http://127.0.0.1/12345-linux/python/gfx94X-dcgpu/simple/"}""";

    @BeforeAll
    static void start() throws Exception {
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir, 0));
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|{\"run_id\": \"1\",|body",
            "not an object|[1,2]|body",
            "empty body||body",
            "unknown field|{\"run_id\": \"1\", \"famly\": []}|famly",
            "invalid run id|{\"run_id\": \"../etc\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\"}|run_id",
            "invalid version|{\"run_id\": \"1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"seven\", \"deps_index_url\": \"http://h/d/\", \"run_index_url\": \"http://h/r/\"}|version",
            "unknown family|{\"run_id\": \"1\", \"artifact_group\": \"multiarch\", \"version\": \"7.10.0\", \"families\": [\"gfx9999-all\"], \"deps_index_url\": \"http://h/d/\", \"run_index_url\": \"http://h/r/\"}|families",
            "bad platform|{\"run_id\": \"1\", \"platform\": \"macos\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\"}|platform",
            "no index|{\"run_id\": \"1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\"}|run_index_url",
            "index not a URL|{\"run_id\": \"1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"deps_index_url\": \"http://h/d/\", \"run_index_url\": \"ftp://h/r/\"}|run_index_url",
            "wrong type|{\"run_id\": \"1\", \"families\": \"gfx94X-dcgpu\"}|families",
            "unknown Python|{\"run_id\": \"1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"deps_index_url\": \"http://h/d/\", \"run_index_url\": \"http://h/r/\", \"python_versions\": [\"3.12\", \"2.7\"]}|python_versions",
            "unknown image|{\"run_id\": \"1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"deps_index_url\": \"http://h/d/\", \"run_index_url\": \"http://h/r/\", \"image\": \"alpine\"}|image",
            "unknown packaging|{\"run_id\": \"1\", \"version\": \"7.10.0\", \"families\": [\"gfx94X-dcgpu\"], \"find_links_url\": \"http://h/1-linux/python/index.html\", \"packaging\": \"fat\"}|packaging",
            "multi-arch run without families|{\"run_id\": \"1\", \"version\": \"7.10.0\", \"find_links_url\": \"http://h/1-linux/python/index.html\"}|families",
            "another run's page|{\"run_id\": \"1\", \"version\": \"7.10.0\", \"families\": [\"gfx94X-dcgpu\"], \"find_links_url\": \"https://b.s3.amazonaws.com/2-linux/python/index.html\"}|find_links_url",
            "group page for a multi-arch run|{\"run_id\": \"1\", \"version\": \"7.10.0\", \"families\": [\"gfx94X-dcgpu\"], \"find_links_url\": \"https://b.s3.amazonaws.com/1-linux/python/gfx94X-dcgpu/index.html\"}|find_links_url",
            "bad label|{\"run_id\": \"1\", \"version\": \"7.10.0\", \"families\": [\"gfx94X-dcgpu\"], \"find_links_url\": \"http://h/1-linux/python/index.html\", \"labels\": [\"a b\"]}|labels",
    })
    void badSubmissionsAreRejectedNamingTheField(String name, String body, String field) throws Exception {
        HttpResponse<String> r = post("/api/v1/runs", body == null ? "" : body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertEquals(field, error.path("field").asText(), r.body());
        assertTrue(error.path("error").asText().length() > 5, r.body());
        HttpResponse<String> runs = http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + "/api/v1/runs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(Json.MAPPER.readTree(runs.body()).findValues("run_id").stream().noneMatch(n -> n.asText().equals("1")),
                "nothing stored: " + runs.body());
    }

    @Test
    void aValidRunIsCreatedOnceAndResubmissionReturnsIt() throws Exception {
        HttpResponse<String> first = post("/api/v1/runs", VALID);
        HttpResponse<String> second = post("/api/v1/runs", VALID);
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(Json.MAPPER.readTree(first.body()).path("id"), Json.MAPPER.readTree(second.body()).path("id"));
        assertEquals("gfx94X-dcgpu", Json.MAPPER.readTree(first.body()).path("jobs").get(0).path("family").asText());
    }

    @Test
    void leaseWritesWithAnUnknownLeaseAre409AndBadIdsAre400() throws Exception {
        assertEquals(409, post("/api/v1/leases/0bc81284-9479-4ab8-bfce-646ea854aac5/heartbeat", "{\"lease_token\": \"x\"}").statusCode());
        assertEquals(400, post("/api/v1/leases/bad%20id/heartbeat", "{\"lease_token\": \"x\"}").statusCode());
        assertEquals(400, post("/api/v1/leases", "{\"agent_id\": \"a b\", \"families\": [\"gfx94X-dcgpu\"]}").statusCode());
        assertEquals(400, post("/api/v1/leases", "{\"agent_id\": \"a\", \"families\": []}").statusCode());
    }

    @Test
    void runsPageByCursorAndABadCursorIsA400NamingIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            post("/api/v1/runs", VALID.replace("12345", "cursor" + i));
        }
        HttpResponse<String> first = get("/api/v1/runs?limit=2");
        String cursor = first.headers().firstValue(ApiRoutes.NEXT_CURSOR_HEADER).orElseThrow();
        HttpResponse<String> next = get("/api/v1/runs?limit=2&before=" + cursor);
        assertEquals(200, next.statusCode(), next.body());
        var firstIds = Json.MAPPER.readTree(first.body()).findValuesAsText("id");
        var nextIds = Json.MAPPER.readTree(next.body()).findValuesAsText("id");
        assertTrue(nextIds.stream().noneMatch(firstIds::contains), "the next page starts after the first: " + firstIds + " / " + nextIds);
        for (String bad : new String[] {"before=yesterday", "before=1_..%2Fetc", "before=" + cursor + "&offset=5"}) {
            HttpResponse<String> r = get("/api/v1/runs?" + bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            String field = Json.MAPPER.readTree(r.body()).path("field").asText();
            assertTrue(field.equals("before") || field.equals("offset"), r.body());
        }
    }

    @Test
    void theMatrixPagesByItsNextCursorAndABadCursorIsA400NamingIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            post("/api/v1/runs", VALID.replace("12345", "matrix" + i));
        }
        var first = Json.MAPPER.readTree(get("/api/v1/matrix?limit=2").body());
        String cursor = first.path("next").asText();
        assertTrue(!cursor.isEmpty(), "a full page names the next: " + first);
        var firstIds = first.path("runs").findValuesAsText("run_id");
        HttpResponse<String> next = get("/api/v1/matrix?limit=2&before=" + cursor);
        assertEquals(200, next.statusCode(), next.body());
        var nextIds = Json.MAPPER.readTree(next.body()).path("runs").findValuesAsText("run_id");
        assertTrue(!nextIds.isEmpty() && nextIds.stream().noneMatch(firstIds::contains),
                "the next page starts after the first: " + firstIds + " / " + nextIds);
        for (String bad : new String[] {"before=yesterday", "before=" + cursor + "&offset=5"}) {
            HttpResponse<String> r = get("/api/v1/matrix?" + bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            String field = Json.MAPPER.readTree(r.body()).path("field").asText();
            assertTrue(field.equals("before") || field.equals("offset"), r.body());
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
