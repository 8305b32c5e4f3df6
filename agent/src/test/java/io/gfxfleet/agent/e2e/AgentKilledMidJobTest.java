package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of an agent mid-job: its lease expires, the job goes back to the queue, another agent
 * finishes it, and the store holds exactly one set of results, all from the second attempt.
 */
class AgentKilledMidJobTest {
    @TempDir
    Path dir;

    @Test
    void aKilledAgentsJobIsLeasedAgainAndFinishedByAnotherAgent() throws Exception {
        LeasePolicy shortLeases = new LeasePolicy(Duration.ofSeconds(6), 3, Duration.ofSeconds(25), Duration.ofSeconds(1));
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0).withLeasePolicy(shortLeases))) {
            var spec = SamplePackages.builder().version("7.10.0a20261125").families("gfx94X-dcgpu")
                    .outcome(SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.slow(6)).build();
            SampleRun sample = SampleRun.publish(spec, "777", "gfx94X-dcgpu", dir.resolve("samples"), data.resolve("packages"));
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            RunView run = api.submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));
            String jobId = run.jobs().get(0).id();

            Process victim = ChildJvm.agent(dir.resolve("victim.log"), "run", "--orchestrator", orchestrator.baseUrl(),
                    "--gpu-family", "gfx94X-dcgpu", "--once", "--agent-id", "victim", "--work-dir", dir.resolve("victim").toString(),
                    "--install-retry-window", "5", "--min-free-disk-gb", "0");
            try {
                // Mid-job: some results are in, the slow test is running.
                while (orchestrator.store().results(jobId).isEmpty()) {
                    assertTrue(victim.isAlive(), "the victim agent died by itself; see victim.log");
                    Thread.sleep(200);
                }
            } finally {
                ChildJvm.killHard(victim);
            }
            long killedAt = System.nanoTime();
            assertFalse(orchestrator.store().results(jobId).isEmpty());

            Optional<JobState> verdict = AgentHarness.agent(orchestrator.baseUrl(), "gfx94X-dcgpu", dir.resolve("rescuer")).run(true);
            System.out.printf("kill -9 to verdict on another agent: %.1f s (lease TTL %s, reaper every %s)%n",
                    (System.nanoTime() - killedAt) / 1e9, shortLeases.ttl(), shortLeases.reaperPeriod());
            assertEquals(Optional.of(JobState.PASSED), verdict);

            JobView job = orchestrator.store().job(jobId).orElseThrow();
            assertEquals(JobState.PASSED, job.state());
            assertEquals(2, job.attempt());
            assertEquals("test-gfx94X-dcgpu-rescuer", job.agentId());

            List<TestResult> results = orchestrator.store().results(jobId);
            Set<String> unique = new HashSet<>();
            for (TestResult r : results) {
                assertTrue(unique.add(r.step() + "/" + r.testId()), "stored twice: " + r.step() + "/" + r.testId());
            }
            assertEquals(job.counts().passed() + job.counts().failed() + job.counts().skipped(), results.size());

            assertNoOverlappingLeases(data.resolve("gfxfleet.db"), jobId);
        }
    }

    /** From the store's own records: the second lease began only after the first had ended. */
    static void assertNoOverlappingLeases(Path sqlite, String jobId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT agent_id, granted_at, ended_at, outcome FROM leases WHERE job_id=? ORDER BY granted_at")) {
            ps.setString(1, jobId);
            List<long[]> spans = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    spans.add(new long[] {rs.getLong(2), rs.getLong(3)});
                    outcomes.add(rs.getString(1) + ":" + rs.getString(4));
                }
            }
            assertEquals(List.of("victim:expired", "test-gfx94X-dcgpu-rescuer:completed"), outcomes);
            assertTrue(spans.get(1)[0] >= spans.get(0)[1], "second lease granted before the first ended");
        }
    }
}
