package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that built {@code rocm-profiler}: after the libraries and devel steps, the plan tests
 * {@code rocm[profiler]} in a fresh venv of its own (nothing of the devel venv in it).
 */
class ProfilerStepEndToEndTest {
    private static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void aRunWithTheProfilerGetsAProfilerStepInAFreshVenv() throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            var spec = SamplePackages.builder().version("7.10.0a20261125").families(FAMILY).withProfiler().build();
            RunView run = AgentHarness.submitSample(orchestrator, data, spec, "780", FAMILY, dir.resolve("samples"));
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);

            Path work = dir.resolve("agent");
            Optional<JobState> verdict = AgentHarness.runOnce(AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work));
            JobView job = api.run(run.id()).jobs().get(0);
            assertEquals(Optional.of(JobState.PASSED), verdict, job.reason());

            List<TestResult> results = orchestrator.store().results(job.id());
            List<TestResult> profiler = results.stream().filter(r -> r.step().equals("profiler")).toList();
            assertTrue(profiler.stream().anyMatch(r -> r.component().equals("profiler")
                    && r.testId().endsWith("ROCmProfilerTest.test_installation_layout") && r.status() == TestStatus.PASSED), profiler.toString());
            assertTrue(profiler.stream().anyMatch(r -> r.component().equals("core")), "core tests run in the profiler venv too");
            assertTrue(profiler.stream().noneMatch(r -> r.component().equals("devel") || r.component().equals("libraries")),
                    "the profiler venv is fresh: " + profiler);
            assertTrue(results.stream().noneMatch(r -> !r.step().equals("profiler") && r.component().equals("profiler")),
                    "the profiler is tested only in its own step");

            Path logs = work.resolve("jobs").resolve(job.id() + "-1").resolve("logs");
            String install = Files.readString(logs.resolve("profiler-install.log"));
            assertTrue(install.contains("rocm[profiler]==7.10.0a20261125"), install);
            List<String> frozen = Files.readAllLines(logs.resolve("profiler-pip-freeze.txt"));
            assertTrue(frozen.stream().anyMatch(l -> l.startsWith("rocm-profiler==")), frozen.toString());
            assertFalse(frozen.stream().anyMatch(l -> l.startsWith("rocm-sdk-devel") || l.startsWith("rocm-sdk-libraries")),
                    frozen.toString());
            assertTrue(Files.isRegularFile(logs.resolve("profiler-pip-report.json")));
        }
    }
}
