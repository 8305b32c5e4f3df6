package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.gpu.AgentGpu;
import io.gfxfleet.agent.health.HealthCheck;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.job.RunnerSettings;
import io.gfxfleet.agent.loop.AgentIdentity;
import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.InterpreterVersion;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A real agent loop, in-process, pinned to one family (no GPU), with short bounds for tests. */
final class AgentHarness {
    private AgentHarness() {}

    static AgentLoop agent(String orchestratorUrl, String family, Path workDir) {
        return agent(orchestratorUrl, family, workDir, UnaryOperator.identity());
    }

    static AgentLoop agent(String orchestratorUrl, String family, Path workDir, UnaryOperator<RunnerSettings> tweak) {
        return agent(orchestratorUrl, family, workDir, tweak, settings -> new JobRunner(settings, System.getenv()));
    }

    /** With the job runner {@code runner} makes from the settings (e.g. one offering several Pythons). */
    static AgentLoop agent(String orchestratorUrl, String family, Path workDir, UnaryOperator<RunnerSettings> tweak,
                           Function<RunnerSettings, JobRunner> runner) {
        AgentGpu gpu = gpu(family);
        RunnerSettings settings = tweak.apply(settings(workDir));
        HealthCheck health = new HealthCheck(HealthCheck.Settings.defaults(workDir).withMinFreeBytes(1)
                .withPython(settings.python()), gpu);
        return new AgentLoop(new OrchestratorClient(URI.create(orchestratorUrl), null),
                new AgentIdentity("test-" + family + "-" + workDir.getFileName(), gpu, List.of()),
                runner.apply(settings), health, workDir.resolve("spool"));
    }

    /**
     * Builds the sample packages, publishes them as run {@code runId} of one family into the
     * orchestrator's packages folder ({@code dataDir/packages}, the embedded layout) and submits it.
     */
    static RunView submitSample(Orchestrator orchestrator, Path dataDir, SampleSpec spec, String runId, String family,
                                Path samplesDir) throws IOException {
        SampleRun sample = SampleRun.publish(spec, runId, family, samplesDir, dataDir.resolve("packages"));
        ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
        return api.submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));
    }

    /**
     * The Python version of {@code python3}, the interpreter these agents run: a run naming no
     * version asks for the platform's three, and a test agent serves one job per run.
     */
    static List<String> localPython() {
        return List.of(InterpreterVersion.of("python3").orElseThrow(() -> new IllegalStateException("python3 does not say its version")));
    }

    /**
     * Another run publishing the same files in its own run folder (intake refuses a run whose index
     * lies in another run's folder); an agent's download cache, keyed by each file's hash, serves it warm.
     */
    static RunSubmission republished(RunSubmission s, String runId, Path packages) throws IOException {
        String from = s.runId() + "-" + s.platform();
        String to = runId + "-" + s.platform();
        Path source = packages.resolve(from);
        Path target = packages.resolve(to);
        if (!Files.exists(target)) {
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Path copy = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(p, copy);
                    }
                }
            }
        }
        return new RunSubmission(runId, s.platform(), s.artifactGroup(), s.version(), s.depsIndexUrl(),
                moved(s.runIndexUrl(), from, to), moved(s.findLinksUrl(), from, to), s.families(), s.priority(), s.labels(), s.packaging(),
                s.pythonVersions(), null);
    }

    private static String moved(String url, String from, String to) {
        return url == null ? null : url.replace("/" + from + "/", "/" + to + "/");
    }

    /** A folder under {@code root} with a space and non-ASCII letters whose path is at least {@code length} characters. */
    static Path deepFolder(Path root, int length) {
        Path p = root.resolve("with space ünïcødé");
        while (p.toString().length() < length) {
            p = p.resolve("actions-runner_work_TheRock");
        }
        return p;
    }

    static RunnerSettings settings(Path workDir) {
        return new RunnerSettings(workDir, "python3", Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofSeconds(5), false);
    }

    static AgentGpu gpu(String family) {
        List<String> targets = FamilyCatalogue.bundled().family(family).map(Family::targets).orElseThrow();
        return new AgentGpu.Overridden(family, targets);
    }

    static Optional<io.gfxfleet.protocol.messages.JobState> runOnce(AgentLoop loop) {
        try {
            return loop.run(true);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
