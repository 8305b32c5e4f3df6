package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.agent.loop.LoopEvent;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What lies between a job's last test and its verdict: the verdict is sent first and the venvs are
 * removed after it (a runner's venvs hold gigabytes; removing them kept the verdict waiting), and a
 * later step's fresh venv takes the copy of pip made while the step before it installed.
 */
class VerdictBeforeCleanUpEndToEndTest {
    private static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void theVerdictIsInBeforeTheVenvsGoAndTheSecondFreshVenvTakesASpare() throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            var spec = SamplePackages.builder().version("7.10.0a20261125").families(FAMILY).withProfiler().build();
            RunView run = AgentHarness.submitSample(orchestrator, data, spec, "781", FAMILY, dir.resolve("samples"));
            String jobId = run.jobs().get(0).id();
            Path workspace = dir.resolve("agent").resolve("jobs").resolve(jobId + "-1");

            Map<String, Object> atCompletion = new ConcurrentHashMap<>();
            AgentLoop agent = AgentHarness.agent(orchestrator.baseUrl(), FAMILY, dir.resolve("agent")).onEvent(e -> {
                if (e == LoopEvent.COMPLETED) {
                    // On the loop's thread: nothing after the completion has run yet.
                    atCompletion.put("state", orchestrator.store().job(jobId).map(JobView::state).orElseThrow());
                    atCompletion.put("venvs", List.of(Files.isDirectory(workspace.resolve("venv-libraries")),
                            Files.isDirectory(workspace.resolve("venv-profiler"))));
                }
            });
            Optional<JobState> verdict = AgentHarness.runOnce(agent);

            assertEquals(Optional.of(JobState.PASSED), verdict, orchestrator.store().job(jobId).map(JobView::reason).orElse(""));
            assertEquals(JobState.PASSED, atCompletion.get("state"), "the verdict is recorded when the completion returns");
            assertEquals(List.of(true, true), atCompletion.get("venvs"), "the venvs were still there when the verdict was sent");
            assertFalse(Files.exists(workspace.resolve("venv-libraries")), "removed after the verdict");
            assertFalse(Files.exists(workspace.resolve("venv-profiler")), "removed after the verdict");
            assertTrue(Files.isRegularFile(workspace.resolve("logs").resolve("profiler-test.log")), "the logs stay");
            String profilerVenv = Files.readString(workspace.resolve("logs").resolve("profiler-venv.log"));
            assertTrue(profilerVenv.contains("ahead of need"), "the profiler's venv took the copy made meanwhile: " + profilerVenv);
        }
    }
}
