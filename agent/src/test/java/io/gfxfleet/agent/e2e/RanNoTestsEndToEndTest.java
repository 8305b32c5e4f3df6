package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.job.JobRunner;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build whose {@code rocm-sdk test} discovers nothing: it prints {@code Ran 0 tests} and exits
 * 0. The job fails, and says why in a result of its own in each step, not only in its reason.
 */
class RanNoTestsEndToEndTest {
    private static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void aTestRunThatRanNothingFailsTheJobWithTheReasonAsAResult() throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            var spec = SamplePackages.builder().version("7.10.0a20261125").families(FAMILY).discoversNoTests().build();
            RunView run = AgentHarness.submitSample(orchestrator, data, spec, "779", FAMILY, dir.resolve("samples"));
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);

            Path work = dir.resolve("agent");
            Optional<JobState> verdict = AgentHarness.runOnce(AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work));
            assertEquals(Optional.of(JobState.FAILED), verdict);

            JobView job = api.run(run.id()).jobs().get(0);
            assertEquals(JobState.FAILED, job.state());
            assertTrue(job.reason().contains("Ran 0 tests"), job.reason());

            List<TestResult> results = orchestrator.store().results(job.id());
            assertTrue(results.stream().noneMatch(r -> !JobRunner.PLAN_COMPONENT.equals(r.component())),
                    "no test results, since none ran: " + results);
            for (String step : List.of("libraries", "devel")) {
                assertTrue(results.stream().anyMatch(r -> r.step().equals(step) && r.status() == TestStatus.FAILED
                        && JobRunner.PLAN_COMPONENT.equals(r.component()) && r.message().contains("Ran 0 tests")),
                        step + " step reports Ran 0 tests as a failed result: " + results);
            }
            // The log it judged really says so (the sample's rocm-sdk test exits 0).
            Path logs = work.resolve("jobs").resolve(job.id() + "-1").resolve("logs");
            String testLog = Files.readString(logs.resolve("libraries-test.log"));
            assertTrue(testLog.contains("Ran 0 tests") && testLog.contains("++ Exit 0 "), testLog);
        }
    }
}
