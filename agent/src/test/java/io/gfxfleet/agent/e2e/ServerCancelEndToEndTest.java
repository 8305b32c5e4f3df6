package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.samples.Outcome;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A run cancelled while its job hangs in {@code rocm-sdk test}: the agent learns it from a
 * heartbeat, stops the job's process tree (SIGTERM, the kill grace, SIGKILL), and completes the job,
 * which the orchestrator records as cancelled; no process of the job is left.
 */
class ServerCancelEndToEndTest {
    private static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void aCancelledRunsHangingJobIsStoppedAndRecordedCancelled() throws Exception {
        // Short leases: a heartbeat every 2 s carries the cancel soon after it is asked for.
        LeasePolicy shortLeases = new LeasePolicy(Duration.ofSeconds(6), 3, Duration.ofSeconds(25), Duration.ofSeconds(1));
        Path data = dir.resolve("orchestrator");
        Path work = dir.resolve("agent");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0).withLeasePolicy(shortLeases))) {
            var spec = SamplePackages.builder().version("7.10.0a20261125").families(FAMILY)
                    .outcome(SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.of(Outcome.HANG)).build();
            RunView run = AgentHarness.submitSample(orchestrator, data, spec, "780", FAMILY, dir.resolve("samples"));
            String jobId = run.jobs().get(0).id();
            AgentLoop loop = AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work, s -> s.withTestTimeout(Duration.ofMinutes(10)));
            CompletableFuture<Optional<JobState>> verdict = CompletableFuture.supplyAsync(() -> AgentHarness.runOnce(loop));
            // The hanging test is running once results stream (the tests before it passed).
            while (orchestrator.store().results(jobId).isEmpty()) {
                if (verdict.isDone()) {
                    throw new AssertionError("the job ended before it hung: " + verdict.get());
                }
                Thread.sleep(200);
            }
            orchestrator.store().cancelRun(run.id());
            assertEquals(Optional.of(JobState.FAILED), verdict.get(), "the agent ends the job as cancelled, not as its tests' verdict");
            assertEquals(JobState.CANCELLED, orchestrator.store().job(jobId).orElseThrow().state());
            String marker = work.toString() + java.io.File.separator;
            List<String> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
            assertEquals(List.of(), left, "no process of the cancelled job is left");
        }
    }
}
