package io.gfxfleet.agent.metrics;

import io.gfxfleet.protocol.messages.JobState;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's counters as a Prometheus scrape sees them, and as its log line says them. */
class MetricsServerTest {
    @Test
    void scrapeShowsTheCountersMove() throws Exception {
        AgentCounters counters = new AgentCounters();
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, counters)) {
            URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            String before = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(before.contains("gfxfleet_agent_jobs_total{verdict=\"failed\"} 0\n"), before);

            counters.leaseRequested(false);
            counters.leaseRequested(true);
            counters.resultsSent(42);
            counters.jobDone(JobState.FAILED, 1.5);
            HttpResponse<String> after = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode());
            assertTrue(after.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String body = after.body();
            assertTrue(body.contains("gfxfleet_agent_jobs_total{verdict=\"failed\"} 1\n"), body);
            assertTrue(body.contains("gfxfleet_agent_results_sent_total 42.0\n"), body);
            assertTrue(body.contains("gfxfleet_agent_lease_requests_total 2.0\n"), body);
            assertTrue(body.contains("gfxfleet_agent_leases_granted_total 1.0\n"), body);
            assertTrue(body.contains("# TYPE gfxfleet_agent_job_seconds_total counter"), body);

            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertEquals("jobs passed=0 failed=1 infra_error=0 timed_out=0; job time 2 s; results sent 42; leases 1 of 2 requests;"
                + " orchestrator unreachable 0 times", counters.summary());
    }
}
