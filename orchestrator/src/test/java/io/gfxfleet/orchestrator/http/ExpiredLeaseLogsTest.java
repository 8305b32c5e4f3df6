package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent.Grant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 4, the expired half (the completed half is in {@link HostileApiTest}): a lease
 * that expired (its agent stopped heartbeating) can no longer upload logs, so an agent that lost
 * its job cannot rewrite what that attempt left behind. Leases of 3 s, the shortest allowed.
 */
class ExpiredLeaseLogsTest {
    /** Hang guard while the lease runs out, not a performance bound. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void logsCannotBeUploadedUnderAnExpiredLease() throws Exception {
        LeasePolicy shortLeases = new LeasePolicy(Duration.ofSeconds(3), 3, Duration.ofSeconds(25), Duration.ofSeconds(1));
        OrchestratorConfig config = new OrchestratorConfig("127.0.0.1", 0, "jdbc:sqlite:" + dir.resolve("gfxfleet.db"),
                dir.resolve("packages"), shortLeases, IndexAllowlist.ANY);
        try (Orchestrator orchestrator = Orchestrator.start(config)) {
            String base = orchestrator.baseUrl();
            ScriptedAgent.submit(base, "1504", "linux", "7.10.0", "gfx94X-dcgpu");
            ScriptedAgent agent = new ScriptedAgent(base, "box-expiring");
            Grant grant = agent.lease("gfx94X-dcgpu");
            assertEquals(201, upload(base, grant, "the real log").statusCode(), "a live lease uploads");

            // No heartbeat: the reaper ends the lease and puts the job back in the queue.
            long giveUp = System.nanoTime() + PATIENCE.toNanos();
            while (!get(base + "/api/v1/jobs/" + grant.jobId()).contains("\"state\":\"queued\"")) {
                assertTrue(System.nanoTime() < giveUp, "the lease was never reaped: " + get(base + "/api/v1/jobs/" + grant.jobId()));
                Thread.sleep(250);
            }
            HttpResponse<String> late = upload(base, grant, "a rewritten log");
            assertEquals(409, late.statusCode(), late.body());
            HttpResponse<String> kept = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + grant.jobId()
                    + "/logs/1/step.log")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("the real log", kept.body());
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> upload(String base, Grant grant, String content) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/leases/" + grant.leaseId() + "/logs/step.log"))
                .header("X-Lease-Token", grant.token()).POST(HttpRequest.BodyPublishers.ofString(content)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
