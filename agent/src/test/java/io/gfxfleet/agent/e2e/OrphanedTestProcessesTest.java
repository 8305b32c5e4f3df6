package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.samples.Outcome;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of an agent whose {@code rocm-sdk test} hangs: the test process outlives the agent
 * (nothing else kills it). The agent started again on the same work dir kills it before it takes
 * any work, from the pids the job recorded.
 */
class OrphanedTestProcessesTest {
    private static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void aRestartedAgentKillsTheTestProcessesItsKilledPredecessorLeftRunning() throws Exception {
        Path data = dir.resolve("orchestrator");
        Path work = dir.resolve("agent");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            var spec = SamplePackages.builder().version("7.10.0a20261125").families(FAMILY)
                    .outcome(SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.of(Outcome.HANG)).build();
            RunView run = AgentHarness.submitSample(orchestrator, data, spec, "778", FAMILY, dir.resolve("samples"));
            String jobId = run.jobs().get(0).id();

            Process victim = ChildJvm.agent(dir.resolve("victim.log"), "run", "--orchestrator", orchestrator.baseUrl(),
                    "--gpu-family", FAMILY, "--once", "--agent-id", "victim", "--work-dir", work.toString(),
                    "--min-free-disk-gb", "0");
            List<ProcessHandle> recorded;
            try {
                // The hanging test is running once results stream and the ledger names a rocm-sdk process.
                while (true) {
                    assertTrue(victim.isAlive(), "the victim agent died by itself; see victim.log");
                    recorded = recordedProcesses(work);
                    boolean testRunning = recorded.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("rocm-sdk"));
                    if (testRunning && !orchestrator.store().results(jobId).isEmpty()) {
                        break;
                    }
                    Thread.sleep(200);
                }
            } finally {
                // Only the agent's JVM: its children live on, as after a real kill -9 of the agent.
                victim.destroyForcibly();
                victim.waitFor();
            }
            List<ProcessHandle> orphans = recorded.stream().filter(ProcessHandle::isAlive).toList();
            assertFalse(orphans.isEmpty(), "the hanging test process should have outlived the killed agent");
            List<ProcessHandle> orphanTrees = new ArrayList<>(orphans);
            orphans.forEach(o -> orphanTrees.addAll(o.descendants().toList()));

            AgentLoop restarted = AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work);
            Thread loop = new Thread(() -> AgentHarness.runOnce(restarted), "restarted-agent");
            loop.start();
            try {
                for (ProcessHandle p : orphanTrees) {
                    p.onExit().join();
                }
            } finally {
                restarted.stop();
                restarted.handBackCurrentJob();
                loop.join();
            }
            assertTrue(orphanTrees.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    /** The live processes named in the jobs' ledgers (pid and start time must still match). */
    private static List<ProcessHandle> recordedProcesses(Path work) throws Exception {
        List<ProcessHandle> found = new ArrayList<>();
        Path jobs = work.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path ledger : dirs.map(d -> d.resolve(JobRunner.PROCESS_LEDGER)).filter(Files::isRegularFile).toList()) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(ledger);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue;
                }
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(parts[0]));
                    p.ifPresent(found::add);
                }
            }
        }
        return found;
    }
}
