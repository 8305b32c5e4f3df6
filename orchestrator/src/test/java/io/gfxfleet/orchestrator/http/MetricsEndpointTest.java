package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scrapes {@code /metrics} before, during and after a job driven through the real API and checks
 * that each fleet meter moves; {@code /readyz} follows the database, {@code /livez} the process.
 */
class MetricsEndpointTest {
    private static final String FAMILY = "gfx94X-dcgpu";
    private static final String OTHER = "gfx110X-all";
    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0));
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    @Test
    void fleetMetersMoveThroughAJob() throws Exception {
        String base = orchestrator.baseUrl();
        String before = scrape();
        assertEquals(0, value(before, "gfxfleet_results_ingested_total", ""));
        assertEquals(0, value(before, "gfxfleet_lease_grant_seconds_count", ""));
        assertTrue(before.contains("jvm_memory_used_bytes"), "JVM metrics are exported");

        // An agent long-polls for the other family: the waiting gauge shows it while it waits.
        ScriptedAgent waiting = new ScriptedAgent(base, "waiter");
        CompletableFuture<ScriptedAgent.Grant> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return waiting.lease(OTHER, 20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double seenWaiting = 0;
        for (int i = 0; i < 400 && seenWaiting < 1; i++) {
            seenWaiting = value(scrape(), "gfxfleet_agents_waiting", "family=\"" + OTHER + "\"");
            if (seenWaiting < 1) {
                Thread.sleep(25);
            }
        }
        assertEquals(1, seenWaiting);

        ScriptedAgent.submit(base, "metrics-1", "linux", "7.10.0", FAMILY, OTHER);
        ScriptedAgent.Grant other = waited.get();
        String queued = scrape();
        assertEquals(1, value(queued, "gfxfleet_queue_depth", "family=\"" + FAMILY + "\""));
        assertEquals(0, value(queued, "gfxfleet_agents_waiting", "family=\"" + OTHER + "\""));
        assertEquals(1, value(queued, "gfxfleet_lease_grant_seconds_count", ""));

        ScriptedAgent agent = new ScriptedAgent(base, "runner");
        ScriptedAgent.Grant grant = agent.lease(FAMILY);
        agent.results(grant, 1, List.of(
                ScriptedAgent.test("core", "testA", TestStatus.PASSED),
                ScriptedAgent.test("core", "testB", TestStatus.PASSED),
                ScriptedAgent.test("core", "testC", TestStatus.FAILED)));
        String during = scrape();
        assertEquals(0, value(during, "gfxfleet_queue_depth", "family=\"" + FAMILY + "\""));
        assertEquals(3, value(during, "gfxfleet_results_ingested_total", ""));
        assertEquals(2, value(during, "gfxfleet_lease_grant_seconds_count", ""));

        agent.complete(grant, "failed", "tests failed", 1);
        waiting.complete(other, "passed", null, 0);
        String after = scrape();
        assertEquals(1, value(after, "gfxfleet_verdicts_total", "family=\"" + FAMILY + "\",verdict=\"failed\""));
        assertEquals(1, value(after, "gfxfleet_verdicts_total", "family=\"" + OTHER + "\",verdict=\"passed\""));
        // Vert.x's own HTTP server meters, labelled by route template rather than by raw path.
        assertTrue(value(after, "vertx_http_server_requests_total", "/api/v1/leases/:lease/complete\"") >= 2, after);
        assertTrue(after.contains("gfxfleet_lease_grant_seconds_bucket"), "the lease grant latency is a histogram");
    }

    @Test
    void readyFollowsTheDatabaseAndLiveDoesNot() throws Exception {
        assertEquals(200, get("/readyz").statusCode());
        assertEquals(200, get("/livez").statusCode());
        // Take the schema away under the running orchestrator: not ready, but still alive.
        String url = "jdbc:sqlite:" + dir.resolve("data").resolve("gfxfleet.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE runs RENAME TO runs_away");
            try {
                HttpResponse<String> ready = get("/readyz");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("runs"), ready.body());
                assertEquals(200, get("/livez").statusCode());
            } finally {
                s.execute("ALTER TABLE runs_away RENAME TO runs");
            }
        }
        assertEquals(200, get("/readyz").statusCode());
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return r.body();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a metric's samples whose labels contain {@code labels} (0 when there is none). */
    private static double value(String exposition, String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? (\\S+)$").matcher(exposition);
        double sum = 0;
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (found.contains(labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
