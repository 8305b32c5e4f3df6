package io.gfxfleet.orchestrator.intake;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.ApiError;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's provenance at intake: every part the dashboard turns into a link is checked strictly,
 * and a bad one is a 400 naming the field. The attacker's inputs are the point: a
 * {@code javascript:} or {@code data:} URL, markup, credentials, path tricks in the repository.
 */
class RunProvenanceIntakeTest {
    static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    static final String SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String RUN_URL = "https://github.com/ROCm/TheRock/actions/runs/19876543210/attempts/2";

    final RunIntake intake = new RunIntake(FamilyCatalogue.bundled(), IndexAllowlist.ANY);

    static RunSubmission submission(Provenance p) {
        return new RunSubmission("3001", "linux", "multiarch", "7.10.0a20261125", "http://127.0.0.1:9/python-deps/simple/",
                "http://127.0.0.1:9/3001-linux/python/multiarch/simple/", null, List.of("gfx94X-dcgpu"), null, null, null, null,
                null, p);
    }

    @Test
    void aCompleteProvenanceIsAcceptedAsGiven() {
        Provenance p = new Provenance("ROCm/TheRock", SHA1, 2417, RUN_URL, null);
        assertEquals(p, intake.validate(submission(p)).provenance());
        Provenance ghes = new Provenance("my-org_x/rocm.libs", SHA256, 1, "http://ci.example.com:8080/job/7/", "https://ghes.example.com/");
        assertEquals(ghes, intake.validate(submission(ghes)).provenance());
    }

    @Test
    void noProvenanceOrAnEmptyOneStoresNone() {
        assertNull(intake.validate(submission(null)).provenance());
        assertNull(intake.validate(submission(new Provenance(null, null, null, null, null))).provenance());
        NewRun onlyPr = intake.validate(submission(new Provenance(null, null, 7, null)));
        assertEquals(7, onlyPr.provenance().pullRequest());
    }

    static Stream<Arguments> badProvenance() {
        String longName = "a".repeat(101);
        return Stream.of(
                Arguments.of(new Provenance("TheRock", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/TheRock/extra", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("../TheRock", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/..", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/.", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("-ROCm/TheRock", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/The Rock", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/<script>alert(1)</script>", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/x\"onmouseover=\"alert(1)", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("javascript:alert(1)//x/y", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("ROCm/" + longName, null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("a".repeat(40) + "/x", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance("", null, null, null), "provenance.repository"),
                Arguments.of(new Provenance(null, "0123456", null, null), "provenance.commit"),
                Arguments.of(new Provenance(null, SHA1 + "0", null, null), "provenance.commit"),
                Arguments.of(new Provenance(null, SHA1.toUpperCase(), null, null), "provenance.commit"),
                Arguments.of(new Provenance(null, "g" + SHA1.substring(1), null, null), "provenance.commit"),
                Arguments.of(new Provenance(null, SHA1 + "\n", null, null), "provenance.commit"),
                Arguments.of(new Provenance(null, "main", null, null), "provenance.commit"),
                Arguments.of(new Provenance(null, null, 0, null), "provenance.pull_request"),
                Arguments.of(new Provenance(null, null, -5, null), "provenance.pull_request"),
                Arguments.of(new Provenance(null, null, Integer.MAX_VALUE, null), "provenance.pull_request"),
                Arguments.of(new Provenance(null, null, null, "javascript:alert(document.cookie)"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "JavaScript://github.com/%0aalert(1)"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "data:text/html,<script>alert(1)</script>"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "vbscript:msgbox(1)"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "file:///etc/passwd"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "//evil.example.com/run"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "/actions/runs/1"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https:///actions/runs/1"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://user:pw@github.com/a/b/actions/runs/1"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://token@github.com/a/b/actions/runs/1"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://github.com/a/b/actions/runs/1\"><script>alert(1)</script>"),
                        "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://github.com/a b"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://github.com/a/b#x"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://github.com/a/\u00e9"), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, "https://github.com/" + "a".repeat(Provenance.MAX_URL)), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, ""), "provenance.workflow_run_url"),
                Arguments.of(new Provenance(null, null, null, null, "javascript:alert(1)"), "provenance.server_url"),
                Arguments.of(new Provenance(null, null, null, null, "https://ghes.example.com/evil/path"), "provenance.server_url"),
                Arguments.of(new Provenance(null, null, null, null, "https://ghes.example.com/?q=1"), "provenance.server_url"),
                Arguments.of(new Provenance(null, null, null, null, "https://u@ghes.example.com"), "provenance.server_url"));
    }

    @ParameterizedTest
    @MethodSource("badProvenance")
    void eachBadFieldIsRefusedByName(Provenance bad, String field) {
        SubmissionRefused e = assertThrows(SubmissionRefused.class, () -> intake.validate(submission(bad)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field.substring("provenance.".length())), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "the error is bounded: " + e.getMessage().length());
    }

    /** Over HTTP: 400 with the field in the body, for refused values and for ones JSON cannot even hold. */
    @Test
    void overHttpABadFieldIsA400NamingIt(@TempDir Path dir) throws Exception {
        try (Orchestrator o = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0))) {
            String good = Json.MAPPER.writeValueAsString(submission(new Provenance("ROCm/TheRock", SHA1, 12, RUN_URL)));
            HttpResponse<String> ok = post(o, good);
            assertEquals(201, ok.statusCode(), ok.body());
            RunView created = Json.MAPPER.readValue(ok.body(), RunView.class);
            assertEquals(new Provenance("ROCm/TheRock", SHA1, 12, RUN_URL), created.provenance());
            // Every reader of runs returns it: GET /runs/{id}, GET /runs and the matrix.
            assertEquals(created.provenance(), Json.MAPPER.readValue(get(o, "/api/v1/runs/" + created.id()), RunView.class).provenance());
            RunView[] listed = Json.MAPPER.readValue(get(o, "/api/v1/runs"), RunView[].class);
            assertEquals(created.provenance(), listed[0].provenance());
            assertTrue(get(o, "/api/v1/matrix").contains("\"provenance\":{\"repository\":\"ROCm/TheRock\",\"commit\":\"" + SHA1
                    + "\",\"pull_request\":12,\"workflow_run_url\":\"" + RUN_URL + "\"}"));

            String[][] cases = {
                    {"\"provenance\":{\"workflow_run_url\":\"javascript:alert(1)\"}", "provenance.workflow_run_url"},
                    {"\"provenance\":{\"repository\":\"<img src=x onerror=alert(1)>/x\"}", "provenance.repository"},
                    {"\"provenance\":{\"commit\":\"deadbeef\"}", "provenance.commit"},
                    {"\"provenance\":{\"pull_request\":0}", "provenance.pull_request"},
                    {"\"provenance\":{\"pull_request\":99999999999}", "provenance.pull_request"},
                    {"\"provenance\":{\"pull_request\":\"12\"}", "provenance.pull_request"},
                    {"\"provenance\":{\"server_url\":\"ftp://ghes.example.com\"}", "provenance.server_url"},
                    {"\"provenance\":{\"branch\":\"main\"}", "branch"},
            };
            for (String[] c : cases) {
                String body = "{\"run_id\":\"3002\",\"artifact_group\":\"multiarch\",\"version\":\"7.10.0a20261125\","
                        + "\"deps_index_url\":\"http://127.0.0.1:9/python-deps/simple/\","
                        + "\"run_index_url\":\"http://127.0.0.1:9/3002-linux/python/multiarch/simple/\","
                        + "\"families\":[\"gfx94X-dcgpu\"]," + c[0] + "}";
                HttpResponse<String> r = post(o, body);
                assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
                assertEquals(c[1], Json.MAPPER.readValue(r.body(), ApiError.class).field(), c[0] + " -> " + r.body());
            }
            assertTrue(o.store().recentRuns(10, 0).stream().noneMatch(r -> r.runId().equals("3002")), "no refused run was stored");
        }
    }

    static String get(Orchestrator o, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(o.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    static HttpResponse<String> post(Orchestrator o, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(o.baseUrl() + "/api/v1/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
