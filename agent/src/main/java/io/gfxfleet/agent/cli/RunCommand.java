package io.gfxfleet.agent.cli;

import io.gfxfleet.agent.python.ImageLabel;
import io.gfxfleet.agent.python.Interpreters;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.gpu.AgentGpu;
import io.gfxfleet.agent.gpu.Detection;
import io.gfxfleet.agent.gpu.GpuDetector;
import io.gfxfleet.agent.health.HealthCheck;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.job.RunnerSettings;
import io.gfxfleet.agent.job.VenvFactory;
import io.gfxfleet.agent.loop.AgentIdentity;
import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.agent.loop.PhaseClock;
import io.gfxfleet.agent.metrics.AgentCounters;
import io.gfxfleet.agent.metrics.MetricsServer;
import io.gfxfleet.protocol.AgentId;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.cli.LogFormatOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;

/** {@code agent run}: the worker loop, as a service or for one job ({@code --once}). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Lease test jobs from the orchestrator and run them. With --once: exit 0 passed, 1 tests failed, "
                + "3 infra error (the job's, or the orchestrator unreachable for --give-up-after).")
public final class RunCommand implements Callable<Integer> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunCommand.class);
    /** An ephemeral runner job should fail as infra, not hang until the workflow's timeout. */
    static final Duration ONCE_GIVE_UP = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Option(names = "--orchestrator", required = true, description = "Orchestrator base URL, e.g. http://127.0.0.1:8080")
    URI orchestrator;

    @Option(names = "--gpu-family", description = "Test this family; without a GPU the agent trusts it (demo/CI mode).")
    String gpuFamily;

    @Option(names = "--labels", split = ",", description = "Labels this agent offers (e.g. 1gpu,ccs).")
    List<String> labels = List.of();

    @Option(names = "--once", description = "Run one job, then exit with its verdict.")
    boolean once;

    @Option(names = "--give-up-after", paramLabel = "SECONDS",
            description = "Stop (exit 3) once the orchestrator has been unreachable this long in a row "
                    + "(default: 120 with --once; without --once, retry for ever).")
    Long giveUpAfterSeconds;

    @Option(names = "--agent-id", description = "Stable agent id (default: host name).")
    String agentId;

    @Option(names = "--token-file", description = "File holding the agent token.")
    Path tokenFile;

    @Option(names = "--work-dir", description = "Venvs, logs and the result spool (default: .gfxfleet/agent-<id>).")
    Path workDir;

    @Option(names = "--sysfs-root", defaultValue = "/sys", description = "Root of sysfs for GPU detection (default: ${DEFAULT-VALUE}).")
    Path sysfsRoot;

    @Option(names = "--python", description = "The Pythons jobs may ask for, as VERSION=PATH pairs (3.10=/usr/bin/python3.10,3.12=/opt/py312/bin/python3; "
            + "the first serves jobs that name none), or one interpreter (default: python3 and python3.X on PATH, and pyenv's versions).")
    String python;

    @Option(names = "--image", description = "The container image label this agent runs in (ubuntu24.04, ubi10, native; default: from /etc/os-release, native on Windows).")
    String image;

    @Option(names = "--install-timeout", defaultValue = "1800", description = "Seconds one pip install may take (default: ${DEFAULT-VALUE}).")
    long installTimeoutSeconds;

    @Option(names = "--test-timeout", defaultValue = "300", description = "Seconds one rocm-sdk test may take (default: ${DEFAULT-VALUE}).")
    long testTimeoutSeconds;

    @Option(names = "--install-retry-window", defaultValue = "180", description = "Seconds to keep retrying an install while the index catches up (default: ${DEFAULT-VALUE}).")
    long installRetrySeconds;

    @Option(names = "--max-step-output-mb", defaultValue = "8", description = "Output kept per step process, in MiB; the rest is cut with a marker (default: ${DEFAULT-VALUE}).")
    long maxStepOutputMb;

    @Option(names = "--stop-grace", defaultValue = "30", description = "On SIGTERM, seconds the current job may take to finish before it is killed and handed back (default: ${DEFAULT-VALUE}).")
    long stopGraceSeconds;

    @Option(names = "--kill-grace", defaultValue = "10", description = "Seconds a stopped job's processes (cancelled, timed out, handed back) get "
            + "between SIGTERM and SIGKILL, to clean up and write their reports (default: ${DEFAULT-VALUE}).")
    long killGraceSeconds;

    @Option(names = "--min-free-disk-gb", defaultValue = "5", description = "Free disk below which the agent takes no work (default: ${DEFAULT-VALUE}).")
    long minFreeDiskGb;

    @Option(names = "--download-cache-gb", defaultValue = "20",
            description = "Size the agent's download cache is trimmed to after each job, least recently used first; 0: no download cache (default: ${DEFAULT-VALUE}).")
    long downloadCacheGb;

    @Option(names = "--strict-test-count",
            description = "Fail a job when far fewer tests ran than in the family's last passed job (default: only report it).")
    boolean strictTestCount;

    @Mixin
    LogFormatOption logFormat;

    @Option(names = "--metrics-port", defaultValue = "0",
            description = "Serve this agent's counters for Prometheus at http://HOST:PORT/metrics; 0: off, counters only in the log (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address the metrics port binds (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--deps-index",
            description = "Deps index (PEP 503 URL) a find-links run's venv upgrades pip, setuptools and wheel from when its job names none.")
    String depsIndex;

    @Override
    public Integer call() throws Exception {
        String scheme = orchestrator.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || orchestrator.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--orchestrator must be an http(s) URL with a host, got " + orchestrator);
        }
        String id = agentId != null ? agentId : InetAddress.getLocalHost().getHostName();
        if (!AgentId.isValid(id)) {
            throw new ParameterException(spec.commandLine(), "--agent-id must be " + AgentId.RULE + ", got '" + id + "'");
        }
        if (giveUpAfterSeconds != null && giveUpAfterSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--give-up-after must not be negative, got " + giveUpAfterSeconds);
        }
        if (installTimeoutSeconds <= 0 || testTimeoutSeconds <= 0 || installRetrySeconds < 0 || minFreeDiskGb < 0 || downloadCacheGb < 0 || maxStepOutputMb < 1 || stopGraceSeconds < 0 || killGraceSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "timeouts must be positive, the disk threshold and the download cache size not negative");
        }
        String token = null;
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) {
                throw new ParameterException(spec.commandLine(), "--token-file " + tokenFile + " is not a readable file");
            }
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        }
        Path work = (workDir != null ? workDir : Path.of(".gfxfleet", "agent-" + id)).toAbsolutePath();
        Files.createDirectories(work);
        // ensurepip takes seconds: the venv template is made while the GPU is detected, the
        // health checked and a lease awaited.
        String defaultPython = python == null ? "python3" : python.contains("=") ? python.split(",")[0].split("=", 2)[1] : python;
        VenvFactory venvs = new VenvFactory(defaultPython, work, System.getenv());
        venvs.prepare();
        long templateStartedMs = PhaseClock.sinceProcessStart().orElse(-1L);
        Interpreters interpreters;
        try {
            interpreters = python == null ? Interpreters.discover(System.getenv(), Duration.ofSeconds(30))
                    : Interpreters.fromFlag(python, Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String agentImage = image != null ? image : ImageLabel.detect(Platform.current(), Path.of("/etc/os-release")).orElse(null);
        if (agentImage != null && !FamilyCatalogue.bundled().testMatrix().knowsImage(agentImage)) {
            throw new ParameterException(spec.commandLine(), "--image: unknown container image label '" + agentImage + "'; known: "
                    + String.join(", ", FamilyCatalogue.bundled().testMatrix().knownImages()));
        }
        FamilyCatalogue catalogue = FamilyCatalogue.bundled();
        Detection detection = new GpuDetector(GpuDetector.Settings.defaults().withSysfsRoot(sysfsRoot), catalogue).detect();
        AgentGpu gpu;
        try {
            gpu = AgentGpu.resolve(detection, Optional.ofNullable(gpuFamily), catalogue);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        RunnerSettings settings = new RunnerSettings(work, defaultPython, Duration.ofSeconds(installTimeoutSeconds),
                Duration.ofSeconds(testTimeoutSeconds), Duration.ofSeconds(installRetrySeconds), false)
                .withMaxStepOutputBytes(maxStepOutputMb * 1024 * 1024)
                .withPinTargetFamily(pinTargetFamily(gpu))
                .withStrictTestCount(strictTestCount)
                .withDownloadCacheMaxBytes(downloadCacheGb * 1024 * 1024 * 1024)
                .withKillGrace(Duration.ofSeconds(killGraceSeconds));
        try {
            settings = settings.withDefaultDepsIndexUrl(depsIndex);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--deps-index: " + e.getMessage());
        }
        HealthCheck health = new HealthCheck(HealthCheck.Settings.defaults(work)
                .withMinFreeBytes(minFreeDiskGb * 1024 * 1024 * 1024).withPython(defaultPython), gpu);
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be 0 (off) or a port number, got " + metricsPort);
        }
        AgentCounters counters = new AgentCounters();
        if (metricsPort > 0) {
            // The process exit ends it: no stop needed.
            MetricsServer.start(metricsHost, metricsPort, counters);
            log.info("counters served at http://{}:{}/metrics", metricsHost, metricsPort);
        }
        AgentLoop loop = new AgentLoop(new OrchestratorClient(orchestrator, token),
                new AgentIdentity(id, gpu, labels, Platform.current(), agentImage),
                new JobRunner(settings, System.getenv(), venvs, interpreters), health, work.resolve("spool"), counters)
                .giveUpAfter(giveUpAfterSeconds != null ? Duration.ofSeconds(giveUpAfterSeconds) : once ? ONCE_GIVE_UP : null);
        System.err.println("agent " + id + ": " + gpu.describe() + "; Python " + interpreters.all().stream()
                .map(i -> i.exactVersion() == null ? i.executable() : i.exactVersion()).toList()
                + (agentImage == null ? "" : "; image " + agentImage) + "; orchestrator " + orchestrator);
        log.info("started: venv template begun {} ms and loop begins {} ms after the process started",
                templateStartedMs, PhaseClock.sinceProcessStart().orElse(-1L));
        Thread main = Thread.currentThread();
        Duration grace = Duration.ofSeconds(stopGraceSeconds);
        Duration killGrace = Duration.ofSeconds(killGraceSeconds);
        AtomicBoolean loopDone = new AtomicBoolean();
        SignalledStop signalled = new SignalledStop(loop, grace);
        boolean routed = StopSignals.JDK.install(signalled::received);
        if (!routed) {
            log.warn("stop signals cannot be told apart on this JVM: a second SIGTERM/SIGINT will not force the stop");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The loop ended by itself and main is the thread calling System.exit: nothing to stop,
            // and joining main here would wait for ourselves. A routed signal never gets here (SIGHUP,
            // or an unrouted signal, does).
            if (!loopDone.get()) {
                stopWithin(loop, main, grace, killGrace);
            }
        }, "agent-shutdown"));
        try {
            Optional<JobState> verdict = loop.run(once);
            // Stopped by a signal: the shell's convention (128 + its number), whatever the job came to.
            return signalled.exitCode().orElseGet(() -> verdict.map(RunCommand::exitCode).orElse(0));
        } finally {
            loopDone.set(true);
        }
    }

    /**
     * With one GPU, rocm's own detection picks the family (the installed-family check verifies
     * it); with several GPUs, or none (an operator-named family), the job's family is pinned.
     */
    static boolean pinTargetFamily(AgentGpu gpu) {
        return !(gpu instanceof AgentGpu.Detected detected && detected.devices().size() == 1);
    }

    /**
     * A stop by the shutdown hook (a signal that is not routed to {@link SignalledStop}): the
     * graceful stop, the ungraceful one past {@code grace}, then wait (bounded) for the results to
     * be sent and the hand-back made; the JVM exits when the hook returns.
     */
    static void stopWithin(AgentLoop loop, Thread main, Duration grace, Duration killGrace) {
        try {
            SignalledStop.graceful(loop, grace);
            main.join(killGrace.plusSeconds(30).toMillis());
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    static int exitCode(JobState verdict) {
        return (switch (verdict) {
            case PASSED -> ExitCode.SUCCESS;
            case FAILED -> ExitCode.TEST_FAILURES;
            default -> ExitCode.INFRA;
        }).code();
    }
}
