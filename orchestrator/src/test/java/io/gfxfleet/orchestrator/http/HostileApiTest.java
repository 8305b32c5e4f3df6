package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probes of issue 15 that got through, replayed against a guarded orchestrator (tokens, an
 * agent token bound to its ids, an index allowlist) and an open one (the demo's no-token mode).
 */
class HostileApiTest {
    static final String AGENT = "agent-token-0123456789";
    static final String SUBMITTER = "submitter-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";

    @TempDir
    static Path dir;
    static Orchestrator guarded;
    static Orchestrator open;
    static String allowed;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, String.join("\n",
                "agent pool " + TokenRegistry.hash(AGENT) + " agents=box1,box3",
                "submitter ci " + TokenRegistry.hash(SUBMITTER),
                "operator oncall " + TokenRegistry.hash(OPERATOR)));
        open = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("open"), 0));
        // The guarded orchestrator allows its own /packages/allowed/ folder, as a demo-like fleet would.
        OrchestratorConfig config = OrchestratorConfig.embedded(dir.resolve("guarded"), 0).withTokens(TokenRegistry.load(tokens));
        Path packages = config.packagesDir();
        Files.createDirectories(packages.resolve("allowed/good"));
        Files.createDirectories(packages.resolve("evil"));
        Files.writeString(packages.resolve("allowed/good/index.html"), "<a href=x>x</a>");
        Files.writeString(packages.resolve("evil/index.html"), "<a href=evil>evil</a>");
        Path outside = Files.writeString(dir.resolve("secret.txt"), "outside the packages folder");
        Files.createSymbolicLink(packages.resolve("allowed/good/link.txt"), outside);
        // The port is only known after start: allow every local origin's /packages/allowed/ path by a
        // prefix on a placeholder, then restart on the same data with the real prefix.
        guarded = Orchestrator.start(config);
        allowed = guarded.baseUrl() + "/packages/allowed/";
        int port = guarded.port();
        guarded.close();
        guarded = Orchestrator.start(new OrchestratorConfig("127.0.0.1", port, config.jdbcUrl(), packages,
                config.leasePolicy(), new IndexAllowlist(List.of(allowed)), config.tokens()));
    }

    @AfterAll
    static void stop() {
        guarded.close();
        open.close();
    }

    static HttpResponse<String> send(Orchestrator o, String method, String path, String token, String type, String body,
                                     Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(Orchestrator o, String path, String token, String body) throws Exception {
        return send(o, "POST", path, token, "application/json", body, Map.of());
    }

    static String submission(String runId, String field, String url) {
        String deps = "\"deps_index_url\": \"" + allowed + "deps/simple/\", ";
        // One Python: one job per run (none named would be one per tested version), as leaseFor needs.
        return "{\"run_id\": \"" + runId + "\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"python_versions\": [\"3.12\"], "
                + (field.equals("find_links_url") ? "" : deps) + "\"" + field + "\": \"" + url + "\"}";
    }

    static String field(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body()).path("field").asText();
    }

    // ---- 1: the allowlist holds; /packages/ serves no escapes; credentials are not shown ----

    @ParameterizedTest
    @ValueSource(strings = {"%2E%2E/evil/index.html", "%2e%2e/evil/index.html", "..%2Fevil/index.html",
            "%2F..%2Fevil/index.html", "..;/evil/index.html", "%252e%252e/evil/index.html", "%5C..%5Cevil/index.html"})
    void indexUrlsEscapingTheAllowedPrefixAreRefused(String escape) throws Exception {
        for (String field : new String[] {"find_links_url", "run_index_url", "deps_index_url"}) {
            String body = field.equals("deps_index_url")
                    ? "{\"run_id\": \"esc\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"run_index_url\": \""
                    + allowed + "good/\", \"deps_index_url\": \"" + allowed + escape.replace("index.html", "") + "\"}"
                    : submission("esc", field, allowed + (field.equals("run_index_url") ? escape.replace("index.html", "") : escape));
            HttpResponse<String> r = post(guarded, "/api/v1/runs", SUBMITTER, body);
            assertEquals(400, r.statusCode(), field + " " + escape + ": " + r.body());
            assertEquals(field, field(r), r.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"allowed/%2E%2E/evil/index.html", "allowed/%2e%2e/evil/index.html", "allowed/..%2Fevil/index.html",
            "allowed/%252e%252e/evil/index.html", "allowed/..;/evil/index.html"})
    void packagesServeNoEncodedEscapes(String path) throws Exception {
        HttpResponse<String> r = send(guarded, "GET", "/packages/" + path, null, null, null, Map.of());
        assertFalse(r.body().contains("evil"), path + " served the page outside the prefix: " + r.statusCode());
        assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + ": " + r.statusCode());
    }

    @Test
    void packagesFollowNoSymlinkOutOfTheFolder() throws Exception {
        assertEquals(200, send(guarded, "GET", "/packages/allowed/good/index.html", null, null, null, Map.of()).statusCode());
        HttpResponse<String> r = send(guarded, "GET", "/packages/allowed/good/link.txt", null, null, null, Map.of());
        assertEquals(404, r.statusCode(), r.body());
    }

    @Test
    void indexUrlCredentialsAreNotShownToReaders() throws Exception {
        String presigned = allowed + "good/index.html?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=s3cr3tsignature";
        HttpResponse<String> created = post(guarded, "/api/v1/runs", SUBMITTER, submission("presigned", "find_links_url", presigned));
        assertEquals(201, created.statusCode(), created.body());
        String id = Json.MAPPER.readTree(created.body()).path("id").asText();
        for (String path : new String[] {"/api/v1/runs/" + id, "/api/v1/runs", "/api/v1/runs/" + id + "/progress", "/api/v1/matrix"}) {
            String body = send(guarded, "GET", path, null, null, null, Map.of()).body();
            assertFalse(body.contains("s3cr3tsignature") || body.contains("AKIAEXAMPLE"), path + ": " + body);
        }
        // Leave no queued job behind for the tests that lease.
        assertEquals(200, post(guarded, "/api/v1/runs/" + id + "/cancel", SUBMITTER, "{}").statusCode());
        HttpResponse<String> userinfo = post(guarded, "/api/v1/runs", SUBMITTER,
                submission("userinfo", "find_links_url", allowed.replace("http://", "http://user:hunter2@") + "good/index.html"));
        assertEquals(400, userinfo.statusCode());
        assertFalse(userinfo.body().contains("hunter2"), userinfo.body());
    }

    // ---- 3: logs never run script; every answer carries the headers ----

    @Test
    void anUploadedXhtmlLogIsServedAsSandboxedText() throws Exception {
        JsonNode lease = leaseFor("xss");
        String xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(sessionStorage.length)</script></html>";
        HttpResponse<String> up = upload(lease, "report.xml", xhtml);
        assertEquals(201, up.statusCode(), up.body());
        String url = Json.MAPPER.readTree(up.body()).path("url").asText();
        HttpResponse<String> log = send(guarded, "GET", url, null, null, null, Map.of());
        assertEquals(200, log.statusCode());
        assertTrue(log.headers().firstValue("content-type").orElse("").startsWith("text/plain"), log.headers().toString());
        assertEquals("nosniff", log.headers().firstValue("x-content-type-options").orElse(""));
        assertTrue(log.headers().firstValue("content-security-policy").orElse("").contains("sandbox"), log.headers().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/", "/ui/agents.html", "/ui/common.js", "/api/v1/runs", "/api/v1/health", "/api/v1/nothing",
            "/packages/allowed/good/index.html"})
    void everyAnswerCarriesCspNosniffAndFrameAncestors(String path) throws Exception {
        HttpResponse<String> r = send(guarded, "GET", path, null, null, null, Map.of());
        assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""), path);
        String csp = r.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
    }

    // ---- 4: log uploads only under a live lease, within a quota ----

    @Test
    void logsCannotBeUploadedUnderACompletedLease() throws Exception {
        JsonNode lease = leaseFor("done");
        assertEquals(201, upload(lease, "step.log", "the real log").statusCode());
        HttpResponse<String> done = post(guarded, "/api/v1/leases/" + lease.path("lease_id").asText() + "/complete", AGENT,
                "{\"lease_token\": \"" + lease.path("token").asText() + "\", \"verdict\": \"passed\", \"last_sequence\": 0}");
        assertEquals(200, done.statusCode(), done.body());
        HttpResponse<String> rewrite = upload(lease, "step.log", "a rewritten log");
        assertEquals(409, rewrite.statusCode(), rewrite.body());
        String jobId = lease.path("job").path("job_id").asText();
        assertEquals("the real log", send(guarded, "GET", "/api/v1/jobs/" + jobId + "/logs/1/step.log", null, null, null, Map.of()).body());
    }

    @Test
    void aLeaseHasALogQuota() throws Exception {
        JsonNode lease = leaseFor("quota");
        String fifteenMegabytes = "x".repeat(15 * 1024 * 1024);
        int stored = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = upload(lease, "big-" + i + ".log", fifteenMegabytes);
            if (last.statusCode() != 201) {
                break;
            }
            stored++;
        }
        assertEquals(4, stored, "64 MiB per lease holds four 15 MiB logs");
        assertEquals(413, last.statusCode(), last.body());
    }

    // ---- 6: in no-token mode, cross-site forms cannot write ----

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""})
    void writesTakeJsonOnly(String type) throws Exception {
        String body = "{\"run_id\": \"form\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\","
                + " \"find_links_url\": \"http://h/x/index.html\"}";
        HttpResponse<String> run = send(open, "POST", "/api/v1/runs", null, type.isEmpty() ? null : type, body, Map.of());
        assertEquals(415, run.statusCode(), run.body());
        HttpResponse<String> drain = send(open, "POST", "/api/v1/agents/box1/drain", null, type.isEmpty() ? null : type, "x=1", Map.of());
        assertEquals(415, drain.statusCode(), drain.body());
        assertFalse(send(open, "GET", "/api/v1/runs", null, null, null, Map.of()).body().contains("\"form\""));
    }

    // ---- 7: an overlong version ----

    @Test
    void aVersionOf8001CharactersIsA400() throws Exception {
        String version = "1" + ".0".repeat(4000);
        HttpResponse<String> r = post(open, "/api/v1/runs", null, "{\"run_id\": \"long\", \"artifact_group\": \"gfx94X-dcgpu\","
                + " \"version\": \"" + version + "\", \"find_links_url\": \"http://h/x/index.html\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("version", field(r));
    }

    // ---- 8: agent tokens speak for their own agents only ----

    @Test
    void anAgentTokenActsOnlyAsTheAgentsItNames() throws Exception {
        String asBox2 = "{\"agent_id\": \"box2\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 0}";
        assertEquals(403, post(guarded, "/api/v1/leases", AGENT, asBox2).statusCode());
        HttpResponse<String> asBox3 = post(guarded, "/api/v1/leases", AGENT, "{\"agent_id\": \"box3\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 0}");
        assertTrue(asBox3.statusCode() == 200 || asBox3.statusCode() == 204, asBox3.body());
        assertEquals(200, post(guarded, "/api/v1/agents/box3/drain", OPERATOR, "{}").statusCode());
        // Drained, it cannot get work by asking under an id its token does not name.
        assertEquals(403, post(guarded, "/api/v1/leases", AGENT, "{\"agent_id\": \"box9\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 0}").statusCode());
        assertEquals(200, post(guarded, "/api/v1/agents/box3/undrain", OPERATOR, "{}").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"agent_id\": \"box1\", \"families\": [\"gfx9999-fake\"], \"wait_seconds\": 0}|families",
            "{\"agent_id\": \"box1\", \"families\": [\"gfx94X-dcgpu\"], \"labels\": [\"<script>\"], \"wait_seconds\": 0}|labels",
            "{\"agent_id\": \"box1\", \"families\": [\"gfx94X-dcgpu\"], \"gfx_targets\": [\"not a target\"], \"wait_seconds\": 0}|gfx_targets",
    })
    void agentOffersAreValidated(String probe) throws Exception {
        String[] parts = probe.split("\\|");
        HttpResponse<String> r = post(guarded, "/api/v1/leases", AGENT, parts[0]);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(parts[1], field(r));
    }

    // ---- hardening: strict JSON, bounded results, paginated reads ----

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"run_id\": \"t1\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\", \"find_links_url\": \"http://h/x/index.html\"} []|body",
            "{\"run_id\": \"t2\", \"run_id\": \"t3\", \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\"}|body",
            "{\"run_id\": 12345, \"artifact_group\": \"gfx94X-dcgpu\", \"version\": \"7.10.0\"}|run_id",
    })
    void jsonIsReadStrictly(String probe) throws Exception {
        String[] parts = probe.split("\\|");
        HttpResponse<String> r = post(open, "/api/v1/runs", null, parts[0]);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(field(r).startsWith(parts[1]), r.body());
    }

    @Test
    void resultFieldsAreBounded() throws Exception {
        JsonNode lease = leaseFor("bounds");
        String token = lease.path("token").asText();
        String path = "/api/v1/leases/" + lease.path("lease_id").asText() + "/results";
        String[][] probes = {
                {result("x".repeat(1024 * 1024), "1"), "results[0].test_id", "400"},
                {result("a\\u0000b", "1"), "results[0].test_id", "400"},
                {result("a.b", "-5"), "results[0].duration_millis", "400"},
        };
        for (String[] p : probes) {
            HttpResponse<String> r = post(guarded, path, AGENT, "{\"lease_token\": \"" + token + "\", \"sequence\": 1, \"results\": [" + p[0] + "]}");
            assertEquals(Integer.parseInt(p[2]), r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
            assertEquals(p[1], field(r));
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5_001; i++) {
            many.append(i == 0 ? "" : ",").append(result("t" + i, "1"));
        }
        HttpResponse<String> tooMany = post(guarded, path, AGENT, "{\"lease_token\": \"" + token + "\", \"sequence\": 1, \"results\": [" + many + "]}");
        assertEquals(413, tooMany.statusCode(), tooMany.body());
        assertEquals("results", field(tooMany));
    }

    @Test
    void resultsAreReadPageByPage() throws Exception {
        JsonNode lease = leaseFor("pages");
        String token = lease.path("token").asText();
        String path = "/api/v1/leases/" + lease.path("lease_id").asText() + "/results";
        for (int batch = 0; batch < 2; batch++) {
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < 3_000; i++) {
                results.append(i == 0 ? "" : ",").append(result("t" + batch + "." + i, "1"));
            }
            assertEquals(200, post(guarded, path, AGENT, "{\"lease_token\": \"" + token + "\", \"sequence\": " + (batch + 1)
                    + ", \"results\": [" + results + "]}").statusCode());
        }
        String jobId = lease.path("job").path("job_id").asText();
        HttpResponse<String> first = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results", null, null, null, Map.of());
        assertEquals(5_000, Json.MAPPER.readTree(first.body()).size());
        assertEquals("5000", first.headers().firstValue("x-next-offset").orElse(""));
        HttpResponse<String> second = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?offset=5000", null, null, null, Map.of());
        assertEquals(1_000, Json.MAPPER.readTree(second.body()).size());
        assertFalse(second.headers().firstValue("x-next-offset").isPresent());
        assertEquals(10, Json.MAPPER.readTree(send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?limit=10", null, null, null, Map.of()).body()).size());
    }

    /** Keyset pages: the cursor of each page leads to the next, a filter keeps its own order, a bad cursor is a 400. */
    @Test
    void resultsArePagedByCursorAndFilteredByFailing() throws Exception {
        JsonNode lease = leaseFor("cursor-pages");
        String token = lease.path("token").asText();
        String path = "/api/v1/leases/" + lease.path("lease_id").asText() + "/results";
        for (int batch = 0; batch < 3; batch++) {
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < 3_000; i++) {
                String id = "t" + batch + "." + i;
                results.append(i == 0 ? "" : ",").append(i % 500 == 0
                        ? "{\"step\": \"libraries\", \"component\": \"core\", \"test_id\": \"" + id + "\", \"status\": \"failed\"}"
                        : result(id, "1"));
            }
            assertEquals(200, post(guarded, path, AGENT, "{\"lease_token\": \"" + token + "\", \"sequence\": " + (batch + 1)
                    + ", \"results\": [" + results + "]}").statusCode());
        }
        String jobId = lease.path("job").path("job_id").asText();
        List<String> seen = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            HttpResponse<String> page = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?limit=4000"
                    + (after == null ? "" : "&after=" + after), null, null, null, Map.of());
            assertEquals(200, page.statusCode(), page.body());
            Json.MAPPER.readTree(page.body()).forEach(r -> seen.add(r.path("test_id").asText()));
            after = page.headers().firstValue("x-next-after").orElse(null);
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(9_000, seen.size());
        assertEquals("t2.2999", seen.get(seen.size() - 1), "the last result is reached");
        assertEquals(9_000, new java.util.HashSet<>(seen).size(), "none repeated");

        HttpResponse<String> failing = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?only=failures&limit=5", null, null, null, Map.of());
        List<String> failingIds = new java.util.ArrayList<>();
        Json.MAPPER.readTree(failing.body()).forEach(r -> failingIds.add(r.path("test_id").asText()));
        assertEquals(List.of("t0.0", "t0.500", "t0.1000", "t0.1500", "t0.2000"), failingIds);
        String next = failing.headers().firstValue("x-next-after").orElseThrow();
        assertTrue(failing.headers().firstValue("link").orElseThrow().contains("only=failures"));
        HttpResponse<String> rest = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?only=failures&after=" + next, null, null, null, Map.of());
        assertEquals(13, Json.MAPPER.readTree(rest.body()).size(), "18 failing in all");
        HttpResponse<String> others = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?only=others&limit=5000", null, null, null, Map.of());
        assertEquals(5_000, Json.MAPPER.readTree(others.body()).size());
        Json.MAPPER.readTree(others.body()).forEach(r -> assertEquals("passed", r.path("status").asText()));

        for (String bad : new String[] {"after=12", "after=1.2.3", "after=-1.0", "only=passes", "after=1.1&offset=5"}) {
            HttpResponse<String> r = send(guarded, "GET", "/api/v1/jobs/" + jobId + "/results?" + bad, null, null, null, Map.of());
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
        }
    }

    static String result(String testId, String duration) {
        return "{\"step\": \"libraries\", \"component\": \"core\", \"test_id\": \"" + testId + "\", \"status\": \"passed\","
                + " \"duration_millis\": " + duration + "}";
    }

    /** Submits run {@code runId} for gfx94X-dcgpu and leases its job as box1. */
    static JsonNode leaseFor(String runId) throws Exception {
        HttpResponse<String> run = post(guarded, "/api/v1/runs", SUBMITTER, submission(runId, "find_links_url", allowed + "good/index.html"));
        assertEquals(201, run.statusCode(), run.body());
        HttpResponse<String> lease = post(guarded, "/api/v1/leases", AGENT, "{\"agent_id\": \"box1\", \"families\": [\"gfx94X-dcgpu\"], \"wait_seconds\": 5}");
        assertEquals(200, lease.statusCode(), lease.body());
        JsonNode grant = Json.MAPPER.readTree(lease.body());
        assertEquals(runId, grant.path("job").path("run_id").asText(), "one queued job at a time in this test class");
        return grant;
    }

    static HttpResponse<String> upload(JsonNode lease, String name, String body) throws Exception {
        return send(guarded, "POST", "/api/v1/leases/" + lease.path("lease_id").asText() + "/logs/" + name, AGENT,
                "application/octet-stream", body, Map.of(LogRoutes.TOKEN_HEADER, lease.path("token").asText()));
    }
}
