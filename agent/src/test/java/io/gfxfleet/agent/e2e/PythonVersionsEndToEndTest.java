package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.job.VenvFactory;
import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.agent.python.Interpreter;
import io.gfxfleet.agent.python.Interpreters;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.LocalFolderTarget;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run for one family with Python 3.10, 3.11 and 3.12 is three jobs; two agents that offer
 * different interpreters (pyenv's real 3.10 and 3.12 on one, 3.11 on the other) each take only
 * the jobs they can serve, and every result names the exact interpreter that ran it.
 */
class PythonVersionsEndToEndTest {
    static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void eachPythonVersionIsAJobRunByAnAgentOfferingIt() throws Exception {
        Interpreters both = Interpreters.fromFlag("3.10=" + pyenv("3.10.13") + ",3.12=" + pyenv("3.12.1"), Duration.ofSeconds(30));
        Interpreters eleven = Interpreters.fromFlag("3.11=" + pyenv("3.11.7"), Duration.ofSeconds(30));
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            SampleSpec spec = SamplePackages.builder().version("7.10.0a20261201").families(FAMILY).build();
            SampleRun sample = SampleRun.publish(spec, "1313", "multiarch", dir.resolve("samples"),
                    dir.resolve("orchestrator").resolve("packages"));
            // The samples' build backend is python3's bundled setuptools (65.5), which Python 3.12
            // cannot import (pkgutil.ImpImporter is gone): the deps index also gets 67.6.1, the
            // wheel CPython 3.12 ships for its own tests, as a real deps index has a current one.
            Path deps = dir.resolve("samples").resolve("deps");
            Files.copy(Path.of(pyenv("3.12.1")).getParent().getParent().resolve("lib/python3.12/test/setuptools-67.6.1-py3-none-any.whl"),
                    deps.resolve("setuptools-67.6.1-py3-none-any.whl"));
            new DepsIndexPublisher().publish(deps, new LocalFolderTarget(dir.resolve("orchestrator").resolve("packages")));
            RunSubmission s = sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit");
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            RunView run = api.submit(new RunSubmission(s.runId(), s.platform(), s.artifactGroup(), s.version(), s.depsIndexUrl(),
                    s.runIndexUrl(), s.findLinksUrl(), s.families(), s.priority(), null, s.packaging(), List.of("3.10", "3.11", "3.12"), null));
            assertEquals(3, run.jobs().size(), "one job per Python version: " + run.jobs());

            AgentLoop first = agent(orchestrator, dir.resolve("agent-a"), both);
            AgentLoop second = agent(orchestrator, dir.resolve("agent-b"), eleven);
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
                String exact = (job.pythonVersion().equals("3.10") ? both.all().get(0)
                        : job.pythonVersion().equals("3.12") ? both.all().get(1) : eleven.all().get(0)).exactVersion();
                assertEquals(exact, job.python(), "the job records the interpreter it ran with");
                List<TestResult> results = orchestrator.store().results(job.id());
                assertFalse(results.isEmpty());
                assertTrue(results.stream().allMatch(r -> exact.equals(r.python())), "every result names Python " + exact);
            }
        }
    }

    private static AgentLoop agent(Orchestrator orchestrator, Path workDir, Interpreters interpreters) {
        Interpreter main = interpreters.defaultInterpreter();
        return AgentHarness.agent(orchestrator.baseUrl(), FAMILY, workDir, settings -> settings.withPython(main.executable()),
                settings -> new JobRunner(settings, System.getenv(),
                        new VenvFactory(main.executable(), settings.workDir(), System.getenv()), interpreters));
    }

    static String pyenv(String version) {
        return Path.of(System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"),
                "versions", version, "bin", "python3").toString();
    }
}
