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
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.gfxfleet.agent.e2e.AgentProcesses.awaitLine;
import static io.gfxfleet.agent.e2e.AgentProcesses.processesUnder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent as an operating-system process ({@code java ... AgentCli run}): SIGTERM mid-job kills
 * the job's process tree and hands the job back; kill -9 mid-job, then a restart, re-sends the
 * spooled batches and the orchestrator stores none of them twice.
 */
class AgentProcessEndToEndTest {
    static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void sigtermMidJobKillsTheTestProcessesHandsTheJobBackAndExits() throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            RunView run = submit(orchestrator, "7001", SampleTest.BASE_CLI);
            Path work = dir.resolve("agent");
            Process agent = startAgent(orchestrator, work);
            String jobId = run.jobs().get(0).id();
            awaitLine(work.resolve("jobs").resolve(jobId + "-1").resolve("logs").resolve("libraries-test.log"), "sample hang chosen", agent);

            agent.destroy();
            boolean exited = agent.waitFor(3, TimeUnit.MINUTES);
            if (!exited) {
                agent.destroyForcibly();
            }
            assertTrue(exited, "the agent exits after SIGTERM: " + Files.readString(work.resolve("agent.log")));
            assertEquals(List.of(), processesUnder(work), "no test process survives the agent");
            var job = orchestrator.store().job(jobId).orElseThrow();
            assertEquals(JobState.QUEUED, job.state(), "handed back, not completed with a verdict it did not earn");
            assertEquals(1, job.attempt(), "a hand-back spends no attempt");
            var attempts = orchestrator.store().attempts(jobId);
            assertEquals("handed-back", attempts.get(attempts.size() - 1).outcome());
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("orchestrator").resolve("gfxfleet.db"));
                 var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM results WHERE job_id='" + jobId
                         + "' AND test_id='gfxfleet.libraries.install'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "what the job produced before SIGTERM was sent");
            }
            assertTrue(Files.readString(work.resolve("agent.log")).contains("handing the job back"));
        }
    }

    @Test
    void killMinusNineMidJobThenRestartResendsTheSpoolAndNothingIsStoredTwice() throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            RunView run = submit(orchestrator, "7002", SampleTest.DEVEL_INSTALLATION_LAYOUT);
            Path work = dir.resolve("agent");
            Process agent = startAgent(orchestrator, work);
            String jobId = run.jobs().get(0).id();
            awaitLine(work.resolve("jobs").resolve(jobId + "-1").resolve("logs").resolve("devel-test.log"), "sample hang chosen", agent);
            Thread.sleep(1500); // a tick of the streamer: the devel step's first results are spooled and sent

            agent.destroyForcibly();
            agent.waitFor();
            // The hung test outlives a kill -9 of its agent; it is not what this test is about.
            processesUnder(work).forEach(p -> ProcessHandle.of(Long.parseLong(p.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly));

            Path spool;
            try (Stream<Path> s = Files.list(work.resolve("spool"))) {
                spool = s.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            List<TestResult> spooled = new ArrayList<>();
            for (String line : Files.readAllLines(spool.resolve("batches.jsonl"))) {
                spooled.addAll(Json.MAPPER.readValue(line, io.gfxfleet.agent.stream.SpooledBatch.class).results());
            }
            assertFalse(spooled.isEmpty());
            // As if every acknowledgement had been lost with the agent: all batches go out again.
            Files.deleteIfExists(spool.resolve("acked.txt"));

            Process restarted = startAgent(orchestrator, work);
            try {
                while (Files.exists(spool)) {
                    assertTrue(restarted.isAlive(), "the restarted agent replays its spool");
                    Thread.sleep(200);
                }
            } finally {
                restarted.destroyForcibly();
                restarted.waitFor();
                // The restarted agent may have begun the job again: its pip or test processes would keep
                // writing into the work folder while the temporary folder is deleted.
                for (String p : processesUnder(work)) {
                    ProcessHandle.of(Long.parseLong(p.split(" ")[0])).ifPresent(h -> {
                        h.destroyForcibly();
                        h.onExit().join();
                    });
                }
            }
            List<TestResult> stored = orchestrator.store().results(jobId);
            assertEquals(spooled.size(), stored.size(), "every spooled result stored exactly once");
            Set<String> keys = new HashSet<>();
            for (TestResult r : stored) {
                assertTrue(keys.add(r.step() + "/" + r.testId()), "stored twice: " + r.testId());
            }
            assertTrue(Files.readString(work.resolve("agent.log")).contains("re-sent spooled results"));
        }
    }

    private RunView submit(Orchestrator orchestrator, String runId, SampleTest hang) throws Exception {
        SampleSpec spec = SamplePackages.builder().version("7.10.0a20261128").families(FAMILY)
                .outcome(hang, SampleOutcome.of(Outcome.HANG)).build();
        SampleRun sample = SampleRun.publish(spec, runId, FAMILY, dir.resolve("samples"), dir.resolve("orchestrator").resolve("packages"));
        return new ApiClient(URI.create(orchestrator.baseUrl()), null).submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));
    }

    private static Process startAgent(Orchestrator orchestrator, Path work) throws Exception {
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = List.of(java, "-cp", System.getProperty("java.class.path"), "io.gfxfleet.agent.cli.AgentCli", "run",
                "--orchestrator", orchestrator.baseUrl(), "--gpu-family", FAMILY, "--once", "--agent-id", "proc-" + work.getFileName(),
                "--work-dir", work.toString(), "--min-free-disk-gb", "0", "--stop-grace", "1", "--test-timeout", "600");
        return new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("agent.log").toFile())).start();
    }
}
