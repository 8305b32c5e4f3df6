package io.gfxfleet.orchestrator.demo;

import io.gfxfleet.orchestrator.cli.StartFailures;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.InterpreterVersion;
import io.gfxfleet.orchestrator.samples.Outcome;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code gfxfleet demo}: the whole path on one machine with nothing external: a local
 * orchestrator on SQLite, sample ROCm-shaped packages published as a run index + deps index in a
 * folder it serves, and one real agent process per family running venv + pip + rocm-sdk test.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a local orchestrator and two agents testing a sample kpack run through its find-links page, as TheRock publishes today (gfx94X-dcgpu passes, gfx110X-all fails one sub-test of libraries_test.testSharedLibrariesLoad).")
public final class DemoCommand implements Callable<Integer> {
    static final String VERSION = "7.10.0a20261125";
    static final List<String> FAMILIES = List.of("gfx94X-dcgpu", "gfx110X-all");
    static final String FAILING_FAMILY = "gfx110X-all";
    /** One sub-test of TheRock's libraries_test.testSharedLibrariesLoad fails: the second .so (librocblas). */
    static final SampleOutcome FAILING_SUBTEST = new SampleOutcome(Outcome.SUBTEST_FAIL,
            "librocblas.so.5: cannot open shared object file: No such file or directory (demo failure)", 0);

    @Option(names = "--exit-when-done", description = "Stop everything and exit once every family has a verdict.")
    boolean exitWhenDone;

    @Option(names = "--legacy", description = "Test a legacy per-family run through the two-index pattern instead of "
            + "a kpack run through its find-links page.")
    boolean legacy;

    @Option(names = "--port", defaultValue = "0", description = "Orchestrator port (0 = any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", description = "Where the demo keeps its database, packages and agent work (default: .gfxfleet/demo-<time>).")
    Path dataDir;

    @Option(names = "--agent-jar", description = "The agent jar (the launcher passes it).")
    Path agentJar;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the verdicts (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Path jar = agentJar != null ? agentJar : pathProperty("gfxfleet.agent.jar");
        if (jar == null || !Files.isRegularFile(jar)) {
            throw CliFailure.usage("the agent jar is needed (--agent-jar or -Dgfxfleet.agent.jar); run the demo as ./gfxfleet demo");
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path data = (dataDir != null ? dataDir : Path.of(".gfxfleet", "demo-" + stamp)).toAbsolutePath();
        Files.createDirectories(data);
        long started = System.nanoTime();
        String runId = "demo-" + stamp;

        Path packages = data.resolve("packages");
        SampleSpec.Builder builder = SamplePackages.builder().version(VERSION).families(FAMILIES)
                .outcome(FAILING_FAMILY, SampleTest.LIBRARIES_SHARED_LIBRARIES_LOAD, FAILING_SUBTEST);
        // As TheRock publishes today: a kpack run in the group-less multi-arch layout, handed over
        // by its find-links page only; --legacy shows the older per-family run through two indexes.
        SampleSpec spec = (legacy ? builder : builder.kpack()).build();
        SampleRun sample = SampleRun.publish(spec, runId, legacy ? "multiarch" : null, data.resolve("samples"), packages);
        System.out.printf("published a %s run: %d rocm files (%d bytes) for %s into %s%n", spec.packaging(),
                sample.published().files().size(), sample.published().bytes(), sample.published().families(), packages);

        List<Process> agents = new ArrayList<>();
        OrchestratorConfig config = new OrchestratorConfig("127.0.0.1", port,
                "jdbc:sqlite:" + data.resolve("gfxfleet.db"), packages,
                io.gfxfleet.orchestrator.scheduler.LeasePolicy.DEFAULT, io.gfxfleet.orchestrator.intake.IndexAllowlist.ANY);
        Orchestrator running;
        try {
            running = Orchestrator.start(config);
        } catch (Exception e) {
            throw StartFailures.explain(e, config);
        }
        try (Orchestrator orchestrator = running) {
            String base = orchestrator.baseUrl();
            String packagesUrl = base + "/packages/";
            ApiClient api = new ApiClient(URI.create(base), null);
            // The demo's agents run python3 (the one the samples were made with): the run asks for
            // its version, not the platform's whole matrix (3.10, 3.11, 3.12) that one machine rarely has.
            String python = InterpreterVersion.of(spec.python()).orElseThrow(() -> CliFailure.usage(
                    "the demo's agents need " + spec.python() + " on PATH, and it did not say its version"));
            RunView run = api.submit(sample.submission(packagesUrl, "presubmit", List.of(python)));
            System.out.println("submitted run " + run.runId() + " (" + run.id() + ") for Python " + python + " (" + spec.python()
                    + ", the agents' interpreter) with "
                    + (run.findLinksUrl() != null ? "its find-links page " + run.findLinksUrl() : "its run index " + run.runIndexUrl()));
            for (String family : FAMILIES) {
                agents.add(startAgent(jar, base, family, data));
            }
            RunView done = await(api, run.id(), Duration.ofSeconds(timeoutSeconds));
            printTable(api, done);
            System.out.printf("demo wall time: %.1f s%n", (System.nanoTime() - started) / 1e9);
            if (exitWhenDone) {
                // The server stops with the demo: a link to it would lead nowhere. The data stays,
                // so say how to serve it again.
                System.out.println("the demo's orchestrator has stopped; to browse this run's dashboard, serve its data again:");
                // Single-quoted for a POSIX shell: the clone may sit in a folder whose path holds spaces.
                System.out.println("  ./gfxfleet orchestrator serve --data-dir '" + data.toString().replace("'", "'\\''") + "' --port 8080");
                System.out.println("  then open http://127.0.0.1:8080/ui/run.html?id=" + run.id());
            } else {
                System.out.println("dashboard: " + base + "/ui/run.html?id=" + run.id());
            }
            boolean complete = done.jobs().stream().allMatch(j -> j.state().isTerminal());
            boolean sane = complete && done.jobs().stream().noneMatch(j -> j.state() == JobState.INFRA_ERROR);
            if (!exitWhenDone) {
                System.out.println("orchestrator still serving; Ctrl-C to stop");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            return sane ? 0 : 1;
        } finally {
            for (Process p : agents) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
    }

    private static Process startAgent(Path jar, String orchestratorUrl, String family, Path data) throws IOException {
        Path work = data.resolve("agents").resolve(family);
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = List.of(java, "-jar", jar.toString(), "run",
                "--orchestrator", orchestratorUrl, "--gpu-family", family, "--once",
                "--agent-id", "demo-" + family, "--work-dir", work.toString(),
                "--install-retry-window", "20", "--min-free-disk-gb", "1");
        Path log = work.resolve("agent.log");
        System.out.println("agent for " + family + " (log: " + log + ")");
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static RunView await(ApiClient api, String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            RunView run = api.run(id);
            String now = run.jobs().stream().map(j -> j.label() + "=" + j.state().wireName()).collect(Collectors.joining(" "));
            if (!now.equals(last)) {
                System.out.println("  " + run.jobs().stream().map(j -> j.label() + ": " + j.state().wireName()).toList());
                last = now;
            }
            if (run.jobs().stream().allMatch(j -> j.state().isTerminal()) || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(500);
        }
    }

    private static void printTable(ApiClient api, RunView run) throws IOException {
        System.out.println();
        System.out.printf("%-22s %-12s %7s %7s %8s%n", "job", "verdict", "passed", "failed", "skipped");
        for (JobView job : run.jobs()) {
            System.out.printf("%-22s %-12s %7d %7d %8d%n", job.label(), job.state().wireName(),
                    job.counts().passed(), job.counts().failed(), job.counts().skipped());
        }
        for (JobView job : run.jobs()) {
            for (TestResult r : api.results(job.id())) {
                if (r.status().isFailure()) {
                    System.out.printf("  %s %s [%s] %s: %s%n", job.label(), r.status().wireName().toUpperCase(), r.step(), r.testId(),
                            r.message() == null ? "" : r.message());
                }
            }
            if (job.reason() != null && job.state() != JobState.PASSED) {
                System.out.printf("  %s reason: %s%n", job.label(), job.reason());
            }
        }
        System.out.println();
    }

    private static Path pathProperty(String name) {
        String v = System.getProperty(name);
        return v == null ? null : Path.of(v);
    }
}
