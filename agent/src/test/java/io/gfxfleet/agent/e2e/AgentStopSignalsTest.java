package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.Outcome;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.gfxfleet.agent.e2e.AgentProcesses.awaitLine;
import static io.gfxfleet.agent.e2e.AgentProcesses.processesUnder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Buildkite's stop, with a real agent process: the first stop signal is the graceful stop (the
 * running job goes on, here with ten minutes of stop grace and of kill grace); a second one, while
 * that is in progress, kills the job's processes at once, hands the job back and exits with
 * 128 + the first signal's number.
 */
class AgentStopSignalsTest {
    static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void aSecondStopSignalDuringTheGracefulStopKillsTheJobHandsItBackAndExits() throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            SampleSpec spec = SamplePackages.builder().version("7.10.0a20261203").families(FAMILY)
                    .outcome(SampleTest.BASE_CLI, SampleOutcome.of(Outcome.HANG)).build();
            SampleRun sample = SampleRun.publish(spec, "7101", FAMILY, dir.resolve("samples"),
                    dir.resolve("orchestrator").resolve("packages"));
            RunView run = new ApiClient(URI.create(orchestrator.baseUrl()), null)
                    .submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));
            String jobId = run.jobs().get(0).id();
            Path work = dir.resolve("agent");
            Files.createDirectories(work);
            Path log = work.resolve("agent.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.gfxfleet.agent.cli.AgentCli",
                    "run", "--orchestrator", orchestrator.baseUrl(), "--gpu-family", FAMILY, "--once", "--agent-id", "signals",
                    "--work-dir", work.toString(), "--min-free-disk-gb", "0", "--stop-grace", "600", "--kill-grace", "600",
                    "--test-timeout", "600")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try {
                awaitLine(work.resolve("jobs").resolve(jobId + "-1").resolve("logs").resolve("libraries-test.log"),
                        "sample hang chosen", agent);

                agent.destroy(); // SIGTERM: the graceful stop
                // Two signals sent back to back may arrive as one: the second goes once the first is taken.
                awaitLine(log, "agent: stopping (signal 15)", agent);
                assertFalse(processesUnder(work).isEmpty(), "the graceful stop lets the running job go on");
                assertEquals(JobState.LEASED, orchestrator.store().job(jobId).orElseThrow().state());

                // A second SIGTERM (what systemd, Kubernetes and CI runners send again): the forced
                // stop. Not SIGINT: a shell without job control starts background commands with
                // SIGINT ignored, and a JVM that inherits an ignored signal never handles it (the suite
                // run in the background failed so).
                new ProcessBuilder("kill", "-TERM", Long.toString(agent.pid())).inheritIO().start().waitFor();
                // Bounded far below either grace (ten minutes each): only the forced stop ends it in time.
                boolean exited = agent.waitFor(3, TimeUnit.MINUTES);
                assertTrue(exited, "the agent exits on the second signal: " + Files.readString(log));
                assertEquals(128 + 15, agent.exitValue(), "128 + SIGTERM, the first signal: " + Files.readString(log));
            } finally {
                agent.destroyForcibly();
                agent.waitFor();
            }
            assertEquals(List.of(), processesUnder(work), "no test process survives the agent");
            var job = orchestrator.store().job(jobId).orElseThrow();
            assertEquals(JobState.QUEUED, job.state(), "handed back, not completed with a verdict it did not earn");
            var attempts = orchestrator.store().attempts(jobId);
            assertEquals("handed-back", attempts.get(attempts.size() - 1).outcome());
            assertTrue(Files.readString(log).contains("second stop signal"));
        }
    }
}
