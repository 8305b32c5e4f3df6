package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the orchestrator while an agent holds a lease, then a restart on the same database:
 * the agent keeps testing, re-heartbeats, re-sends what was not acknowledged, and every result
 * is stored exactly once.
 */
class OrchestratorKilledTest {
    static final Path ORCHESTRATOR_JAR = Path.of("..", "orchestrator", "target", "orchestrator-0.1.0-SNAPSHOT.jar");

    @TempDir
    Path dir;

    @Test
    void agentsCarryOnAcrossAnOrchestratorKilledAndRestarted() throws Exception {
        assertTrue(Files.isRegularFile(ORCHESTRATOR_JAR), "build the orchestrator jar first (mvn verify builds it): " + ORCHESTRATOR_JAR.toAbsolutePath());
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Path data = dir.resolve("orchestrator");
        String[] serve = {"orchestrator", "serve", "--port", Integer.toString(port), "--data-dir", data.toString(), "--lease-ttl", "30"};
        Path log = dir.resolve("orchestrator.log");

        var spec = SamplePackages.builder().version("7.10.0a20261125").families("gfx110X-all")
                .outcome(SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.slow(5)).build();
        SampleRun sample = SampleRun.publish(spec, "888", "gfx110X-all", dir.resolve("samples"), data.resolve("packages"));

        Process orchestrator = ChildJvm.jar(ORCHESTRATOR_JAR, log, serve);
        try {
            ApiClient api = new ApiClient(URI.create(base), null);
            RunView run = submitWhenUp(api, sample, base);
            String jobId = run.jobs().get(0).id();

            CompletableFuture<Optional<JobState>> agent = CompletableFuture.supplyAsync(() -> {
                try {
                    return AgentHarness.agent(base, "gfx110X-all", dir.resolve("agent")).run(true);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (api.results(jobId).isEmpty()) {
                Thread.sleep(200);
            }
            ChildJvm.killHard(orchestrator);
            Thread.sleep(3_000);
            orchestrator = ChildJvm.jar(ORCHESTRATOR_JAR, log, serve);

            assertEquals(Optional.of(JobState.PASSED), agent.get(4, TimeUnit.MINUTES), "see " + log);
            JobView job = api.run(run.id()).jobs().get(0);
            assertEquals(JobState.PASSED, job.state());
            assertEquals(1, job.attempt(), "the lease survived the outage");

            List<TestResult> results = api.results(jobId);
            Set<String> unique = new HashSet<>();
            for (TestResult r : results) {
                assertTrue(unique.add(r.step() + "/" + r.testId()), "stored twice: " + r.step() + "/" + r.testId());
            }
            assertEquals(48, results.size(), "19 + 27 tests and an install result in each of the two steps, each stored once");
            assertEquals(48, job.counts().passed() + job.counts().skipped());
        } finally {
            ChildJvm.killHard(orchestrator);
        }
    }

    private static RunView submitWhenUp(ApiClient api, SampleRun sample, String base) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return api.submit(sample.submission(base + "/packages/", "presubmit"));
            } catch (IOException e) {
                if (i > 300) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
