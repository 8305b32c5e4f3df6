package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.job.VenvFactory;
import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.agent.python.Interpreter;
import io.gfxfleet.agent.python.Interpreters;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.LocalFolderTarget;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run for one family with Python 3.10, 3.11 and 3.12 is three jobs, with pyenv's real
 * interpreters: two agents that offer different ones (3.10 and 3.12 on one, 3.11 on the other)
 * each take only the jobs they can serve; one agent process offering all three runs all three. In
 * both, every result names the exact interpreter that ran it. Both runs test the same published
 * sample (the second in its own run folder), so it is built once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonVersionsEndToEndTest {
    static final String FAMILY = "gfx94X-dcgpu";
    static final List<String> PYTHONS = List.of("3.10", "3.11", "3.12");

    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static ApiClient api;
    static RunSubmission sample;
    /** Each version's exact interpreter version, as the interpreter itself says ({@code 3.11.7}). */
    static Map<String, String> exact;

    @BeforeAll
    static void publishTheSample() throws Exception {
        exact = Interpreters.fromFlag(PYTHONS.stream().map(v -> v + "=" + pyenv(v)).collect(Collectors.joining(",")),
                Duration.ofSeconds(30)).all().stream().collect(Collectors.toMap(Interpreter::version, Interpreter::exactVersion));
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0));
        SampleSpec spec = SamplePackages.builder().version("7.10.0a20261201").families(FAMILY).build();
        Path packages = dir.resolve("orchestrator").resolve("packages");
        SampleRun published = SampleRun.publish(spec, "1313", "multiarch", dir.resolve("samples"), packages);
        // The samples' build backend is python3's bundled setuptools (65.5), which Python 3.12
        // cannot import (pkgutil.ImpImporter is gone): the deps index also gets 67.6.1, the
        // wheel CPython 3.12 ships for its own tests, as a real deps index has a current one.
        Path deps = dir.resolve("samples").resolve("deps");
        Files.copy(Path.of(pyenv("3.12")).getParent().getParent().resolve("lib/python3.12/test/setuptools-67.6.1-py3-none-any.whl"),
                deps.resolve("setuptools-67.6.1-py3-none-any.whl"));
        new DepsIndexPublisher().publish(deps, new LocalFolderTarget(packages));
        sample = published.submission(orchestrator.baseUrl() + "/packages/", "presubmit", PYTHONS);
        api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
    }

    @AfterAll
    static void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    @Test
    @Order(1)
    void agentsOfferingDifferentVersionsEachTakeTheJobsTheyCanServe() throws Exception {
        RunView run = api.submit(sample);
        assertEquals(3, run.jobs().size(), "one job per Python version: " + run.jobs());

        AgentLoop first = agent(dir.resolve("agent-a"), "3.10", "3.12");
        AgentLoop second = agent(dir.resolve("agent-b"), "3.11");
        CompletableFuture<List<Optional<JobState>>> a = CompletableFuture.supplyAsync(
                () -> List.of(AgentHarness.runOnce(first), AgentHarness.runOnce(first)));
        CompletableFuture<Optional<JobState>> b = CompletableFuture.supplyAsync(() -> AgentHarness.runOnce(second));
        assertEquals(List.of(Optional.of(JobState.PASSED), Optional.of(JobState.PASSED)), a.get(10, TimeUnit.MINUTES));
        assertEquals(Optional.of(JobState.PASSED), b.get(10, TimeUnit.MINUTES));

        RunView done = api.run(run.id());
        assertEquals(JobState.PASSED, done.verdict());
        for (JobView job : done.jobs()) {
            String agent = job.pythonVersion().equals("3.11") ? "agent-b" : "agent-a";
            assertTrue(job.agentId().endsWith(agent), job.label() + " ran on " + job.agentId());
            assertRanWithItsInterpreter(job);
        }
    }

    /**
     * The agent as an operating-system process ({@code AgentCli run --python 3.10=...,3.11=...,3.12=...},
     * no {@code --once}) takes all three jobs, one after another. It works in the folder agent-a
     * used (as a restarted agent would), so its download cache and venv template are warm.
     */
    @Test
    @Order(2)
    void oneAgentProcessOfferingAllThreeRunsEachVersionsJob() throws Exception {
        RunSubmission again = AgentHarness.republished(sample, "1314", dir.resolve("orchestrator").resolve("packages"));
        RunView run = api.submit(again);
        assertEquals(PYTHONS, run.jobs().stream().map(JobView::pythonVersion).sorted().toList(), "one job per Python version");

        Path work = dir.resolve("agent-a");
        Files.createDirectories(work);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = List.of(javaBin, "-cp", System.getProperty("java.class.path"), "io.gfxfleet.agent.cli.AgentCli", "run",
                "--orchestrator", orchestrator.baseUrl(), "--gpu-family", FAMILY, "--agent-id", "proc-all",
                "--work-dir", work.toString(), "--min-free-disk-gb", "0", "--stop-grace", "1",
                "--python", PYTHONS.stream().map(v -> v + "=" + pyenv(v)).collect(Collectors.joining(",")));
        Path log = dir.resolve("agent-process.log");
        Process agent = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RunView done;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            do {
                assertTrue(agent.isAlive(), "the agent process died: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the run did not finish: " + api.run(run.id()).jobs());
                Thread.sleep(500);
                done = api.run(run.id());
            } while (!done.jobs().stream().allMatch(j -> j.state().isTerminal()));
        } finally {
            agent.descendants().forEach(ProcessHandle::destroyForcibly);
            agent.destroy(); // SIGTERM: it is idle, waiting for a lease
            if (!agent.waitFor(1, TimeUnit.MINUTES)) {
                agent.destroyForcibly();
                agent.waitFor();
            }
        }
        assertEquals(JobState.PASSED, done.verdict(), Files.readString(log));
        for (JobView job : done.jobs()) {
            assertEquals("proc-all", job.agentId(), job.label());
            assertRanWithItsInterpreter(job);
        }
        assertTrue(Files.readString(log).contains(PYTHONS.stream().map(exact::get).collect(Collectors.joining(", "))),
                "the agent says which Pythons it offers: " + Files.readString(log));
    }

    private static void assertRanWithItsInterpreter(JobView job) {
        String version = exact.get(job.pythonVersion());
        assertEquals(version, job.python(), job.label() + " records the interpreter it ran with");
        List<TestResult> results = orchestrator.store().results(job.id());
        assertFalse(results.isEmpty(), job.label());
        assertTrue(results.stream().allMatch(r -> version.equals(r.python())), job.label() + ": every result names Python " + version);
    }

    private static AgentLoop agent(Path workDir, String... versions) {
        Interpreters interpreters = Interpreters.fromFlag(java.util.Arrays.stream(versions).map(v -> v + "=" + pyenv(v))
                .collect(Collectors.joining(",")), Duration.ofSeconds(30));
        Interpreter main = interpreters.defaultInterpreter();
        return AgentHarness.agent(orchestrator.baseUrl(), FAMILY, workDir, settings -> settings.withPython(main.executable()),
                settings -> new JobRunner(settings, System.getenv(),
                        new VenvFactory(main.executable(), settings.workDir(), System.getenv()), interpreters));
    }

    /** pyenv's interpreter of an X.Y version (this machine has 3.10.13, 3.11.7, 3.12.1, 3.13.0). */
    static String pyenv(String version) {
        Path versions = Path.of(System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"), "versions");
        try (var all = Files.list(versions)) {
            Path found = all.filter(p -> p.getFileName().toString().startsWith(version + ".")).sorted().reduce((x, y) -> y)
                    .orElseThrow(() -> new IllegalStateException("no pyenv Python " + version + " under " + versions));
            return found.resolve("bin").resolve("python3").toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
