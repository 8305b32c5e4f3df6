package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publish → submit → lease → venv → real pip (two-index, over HTTP) → rocm-sdk test → parsed
 * results streamed → verdicts, with the real orchestrator on SQLite and two real agent loops (the
 * passing one in a work folder over 200 characters long with a space and non-ASCII letters).
 */
class WalkingSkeletonEndToEndTest {
    static final String FAILURE = "libhipblaslt.so failed to load for gfx1101";

    @TempDir
    Path dir;

    @Test
    void onePassingFamilyAndOneFailingFamilyEndToEnd() throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            SampleSpec spec = SamplePackages.builder().version("7.10.0a20261125").families("gfx94X-dcgpu", "gfx110X-all")
                    .outcome("gfx110X-all", SampleTest.LIBRARIES_SHARED_LIBRARIES_LOAD, SampleOutcome.fail(FAILURE))
                    .build();
            SampleRun sample = SampleRun.publish(spec, "424242", "multiarch", dir.resolve("samples"),
                    dir.resolve("orchestrator").resolve("packages"));
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            RunView run = api.submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));

            // A runner's work folder can be deep, hold spaces and non-ASCII letters: pip then writes
            // its console scripts differently, and the job must pass all the same.
            Path deepWorkDir = AgentHarness.deepFolder(dir.resolve("agent-94"), 200);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CompletableFuture<Optional<JobState>> green = CompletableFuture.supplyAsync(
                    () -> runOnce(AgentHarness.agent(orchestrator.baseUrl(), "gfx94X-dcgpu", deepWorkDir)), pool);
            CompletableFuture<Optional<JobState>> red = CompletableFuture.supplyAsync(
                    () -> runOnce(AgentHarness.agent(orchestrator.baseUrl(), "gfx110X-all", dir.resolve("agent-110"))), pool);
            assertEquals(Optional.of(JobState.PASSED), green.get(5, TimeUnit.MINUTES));
            assertEquals(Optional.of(JobState.FAILED), red.get(5, TimeUnit.MINUTES));
            pool.shutdown();

            RunView done = api.run(run.id());
            assertEquals(JobState.FAILED, done.verdict());
            JobView passed = job(done, "gfx94X-dcgpu");
            JobView failed = job(done, "gfx110X-all");
            assertEquals(JobState.PASSED, passed.state());
            assertEquals(0, passed.counts().failed());
            assertTrue(passed.counts().passed() >= 20, "both steps' tests stored: " + passed.counts());

            List<TestResult> greenResults = orchestrator.store().results(passed.id());
            assertTrue(greenResults.stream().anyMatch(r -> r.step().equals("devel") && r.component().equals("devel")),
                    "devel tests ran in the devel step");
            assertTrue(greenResults.stream().anyMatch(r -> r.component().equals("libraries")), "libraries tests ran");
            assertTrue(greenResults.stream().allMatch(r -> r.status() == TestStatus.PASSED || r.status() == TestStatus.SKIPPED));

            List<TestResult> failures = orchestrator.store().results(failed.id()).stream().filter(r -> r.status().isFailure()).toList();
            assertEquals(2, failures.size(), "the failing test fails in both steps: " + failures);
            for (TestResult f : failures) {
                assertEquals("rocm_sdk.tests.libraries_test.ROCmLibrariesTest.testSharedLibrariesLoad", f.testId());
                assertEquals(TestStatus.FAILED, f.status());
                assertTrue(f.message().contains(FAILURE), f.message());
                assertTrue(f.details().contains("Traceback"), f.details());
            }
            assertEquals(2, failed.counts().failed());
            assertTrue(failed.reason().contains("testSharedLibrariesLoad"), failed.reason());
        }
    }

    private static Optional<JobState> runOnce(io.gfxfleet.agent.loop.AgentLoop loop) {
        try {
            return loop.run(true);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JobView job(RunView run, String family) {
        return run.jobs().stream().filter(j -> j.family().equals(family)).findFirst().orElseThrow();
    }
}
