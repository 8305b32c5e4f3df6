package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run is often registered before its index is fully visible: the agent retries the install
 * with backoff within its window, and the job passes once the index appears.
 */
class LateIndexEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theInstallIsRetriedUntilTheRunsIndexAppears() throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            Path packages = dir.resolve("orchestrator").resolve("packages");
            Path staging = dir.resolve("staging");
            SampleSpec spec = SamplePackages.builder().version("7.10.0a20261127").families("gfx94X-dcgpu").build();
            SampleRun sample = SampleRun.publish(spec, "6001", "gfx94X-dcgpu", dir.resolve("samples"), staging);
            // The deps index and the run's root page are there already; the project pages and files are not.
            Files.createDirectories(packages);
            Files.move(staging.resolve("python-deps"), packages.resolve("python-deps"));
            String simple = sample.published().simpleKey();
            Files.createDirectories(packages.resolve(simple));
            Files.copy(staging.resolve(simple).resolve("index.html"), packages.resolve(simple).resolve("index.html"));
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            RunView run = api.submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));

            Path agentDir = dir.resolve("agent");
            CompletableFuture<Optional<JobState>> job = CompletableFuture.supplyAsync(() -> AgentHarness.runOnce(
                    AgentHarness.agent(orchestrator.baseUrl(), "gfx94X-dcgpu", agentDir,
                            s -> s.withInstallRetryWindow(Duration.ofMinutes(2)))));
            Path installLog = agentDir.resolve("jobs").resolve(run.jobs().get(0).id() + "-1").resolve("logs").resolve("libraries-install.log");
            while (!Files.exists(installLog) || !Files.readString(installLog).contains("No matching distribution")) {
                assertTrue(!job.isDone(), "the job must still be retrying: " + job.getNow(null));
                Thread.sleep(200);
            }
            Path runFolder = Path.of(simple).getName(0);
            try (var walk = Files.walk(packages.resolve(runFolder))) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.move(staging.resolve(runFolder), packages.resolve(runFolder));
            assertEquals(Optional.of(JobState.PASSED), job.get(5, TimeUnit.MINUTES));
            String log = Files.readString(installLog);
            assertTrue(log.split("\\+\\+ Exec ").length - 1 >= 2, "pip ran more than once: " + log);
            List<TestResult> results = orchestrator.store().results(run.jobs().get(0).id());
            assertTrue(results.stream().anyMatch(r -> r.component().equals("libraries")), "tests ran after the index appeared");
        }
    }
}
