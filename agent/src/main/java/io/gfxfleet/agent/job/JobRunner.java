package io.gfxfleet.agent.job;

import io.gfxfleet.agent.download.DownloadCache;
import io.gfxfleet.agent.download.IndexProxy;
import io.gfxfleet.agent.exec.CommandLineSpec;
import io.gfxfleet.agent.exec.ProcessLedger;
import io.gfxfleet.agent.exec.ProcessOutcome;
import io.gfxfleet.agent.exec.ProcessRunner;
import io.gfxfleet.agent.exec.RunningProcess;
import io.gfxfleet.agent.parse.ParsedRun;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import io.gfxfleet.agent.pip.InstallReport;
import io.gfxfleet.agent.pip.InstalledFamilyCheck;
import io.gfxfleet.agent.pip.IsolatedEnvironment;
import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.agent.pip.ProvenanceCheck;
import io.gfxfleet.agent.platform.HostPlatform;
import io.gfxfleet.agent.python.Interpreter;
import io.gfxfleet.agent.python.Interpreters;
import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.protocol.cli.Backoff;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.pep.ProjectName;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs one job's test plan: for each step, (fresh) venv → isolated two-index pip install →
 * provenance and installed-family checks → pip freeze → {@code rocm-sdk test}, parsed as it
 * prints. A later step runs even when an earlier step's tests failed or timed out; not when its
 * own install failed, nor when it builds on a venv whose install failed.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Results of the plan itself (install, provenance, false-green checks) use this component. */
    public static final String PLAN_COMPONENT = TestResult.PLAN_COMPONENT;
    static final String PROFILER_PROJECT = "rocm-profiler";
    /** In a job's workspace: the processes it has running (see {@link ProcessLedger}). */
    public static final String PROCESS_LEDGER = "processes";
    /** In the pip cache root: the agent's own download cache (see {@link DownloadCache}). */
    public static final String DOWNLOAD_CACHE = "downloads";

    private final RunnerSettings settings;
    private final ProcessRunner processes = new ProcessRunner();
    private final Map<String, String> baseEnvironment;
    private final VenvFactory venvs;
    private final Interpreters interpreters;
    private final HostPlatform host = HostPlatform.current();
    /** One venv factory (and template) per interpreter other than the default's, made when first needed. */
    private final Map<String, VenvFactory> otherVenvs = new java.util.concurrent.ConcurrentHashMap<>();

    public JobRunner(RunnerSettings settings, Map<String, String> baseEnvironment) {
        this(settings, baseEnvironment, new VenvFactory(settings.python(), settings.workDir(), baseEnvironment));
    }

    /** With a venv factory that may already be preparing its template (started before GPU detection). */
    public JobRunner(RunnerSettings settings, Map<String, String> baseEnvironment, VenvFactory venvs) {
        this(settings, baseEnvironment, venvs, Interpreters.single(settings.python()));
    }

    /**
     * With every interpreter the agent offers; {@code venvs} is the default interpreter's
     * ({@code settings.python()}), and a job that asks for another version gets its interpreter's.
     */
    public JobRunner(RunnerSettings settings, Map<String, String> baseEnvironment, VenvFactory venvs, Interpreters interpreters) {
        this.settings = settings;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.venvs = venvs;
        this.interpreters = interpreters;
    }

    public Interpreters interpreters() {
        return interpreters;
    }

    /** The interpreter this job runs with; empty when this agent has none of the version it asks for. */
    public Optional<Interpreter> interpreterFor(JobSpec job) {
        return interpreters.forJob(job.pythonVersion());
    }

    private VenvFactory venvsFor(Interpreter interpreter) {
        if (interpreter.executable().equals(settings.python())) {
            return venvs;
        }
        return otherVenvs.computeIfAbsent(interpreter.executable(),
                exe -> new VenvFactory(exe, settings.workDir(), baseEnvironment));
    }

    /** Starts the work every job needs before its first step (the venv template) in the background. */
    public void prepare() {
        venvs.prepare();
    }

    /**
     * Kills the processes jobs of an earlier agent process left running (it was killed before it
     * could end them), as recorded in each job's {@value #PROCESS_LEDGER} file. Returns their pids.
     */
    public List<Long> killLeftoverProcesses() {
        List<Long> killed = new ArrayList<>();
        Path jobs = settings.workDir().resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return killed;
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path ledger : dirs.map(d -> d.resolve(PROCESS_LEDGER)).filter(Files::isRegularFile).toList()) {
                try {
                    killed.addAll(ProcessLedger.killLeftovers(ledger));
                } catch (IOException e) {
                    log.warn("cannot clear the processes recorded in {}: {}", ledger, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot look for leftover job processes in {}: {}", jobs, e.toString());
        }
        return killed;
    }

    public RunnerSettings settings() {
        return settings;
    }

    /** Where a job's venvs and logs live ({@code logs/} is what gets uploaded). */
    public Path workspace(JobSpec job) {
        return settings.workDir().resolve("jobs").resolve(job.jobId() + "-" + job.attempt());
    }

    /**
     * The plan for this job: the standard steps (with every device extra of the family when the run
     * is kpack-split, as the lease says or as the run's index shows), plus the profiler when the
     * run's index has {@code rocm-profiler}. The index is retried like an install while it may still
     * lag the upload; if it stays unreadable the plan is the standard one (the install fails anyway).
     *
     * @throws PlanRefusedException when the run cannot be tested as published (a kpack run without a
     *                              device wheel of the family): an infrastructure error, by name
     */
    public List<PlanStep> planFor(JobSpec job) {
        return planFor(job, new Cancellation());
    }

    /**
     * {@link #planFor(JobSpec)}, whose retry pause ends at once when {@code cancellation} fires (a
     * stop, a lease lost): no more attempts then, the standard plan is returned and the caller,
     * seeing the cancellation, runs none of it.
     */
    public List<PlanStep> planFor(JobSpec job, Cancellation cancellation) {
        PackageSources sources = sources(job);
        RunIndexProbe probe = new RunIndexProbe();
        Backoff backoff = Backoff.within(Duration.ofSeconds(1), Duration.ofSeconds(30), settings.installRetryWindow());
        while (true) {
            Set<String> projects;
            try {
                projects = probe.projects(sources);
            } catch (IOException | RuntimeException e) {
                if (backoff.exhausted()) {
                    log.warn("job {}: cannot read the run's index to plan ({}); planning without the profiler step",
                            job.jobId(), e.getMessage());
                    return standardPlan(job);
                }
                pause(backoff.next(), cancellation);
                if (cancellation.isCancelled()) {
                    log.info("job {}: cancelled ({}) while waiting for the run's index to plan", job.jobId(),
                            cancellation.reason().orElseThrow());
                    return standardPlan(job);
                }
                continue;
            }
            RunPackaging said = RunPackaging.parseOptional(job.packaging());
            RunPackaging packaging = said != null ? said : IndexPackaging.of(projects);
            log.info("job {}: {} run{}", job.jobId(), packaging, said == null ? " (worked out from the run's index)" : "");
            // No profiler step on Windows, as in TheRock (rocm-profiler is a Linux package).
            Set<String> planned = host.profilerStep() ? projects : projects.stream()
                    .filter(p -> !p.equals(ProjectName.normalize(PROFILER_PROJECT))).collect(java.util.stream.Collectors.toSet());
            return PlanStep.planFor(packaging, job.family(), planned, FamilyCatalogue.bundled());
        }
    }

    /** The plan without the run's index: the standard steps (a kpack run's with the family's device extras). */
    private static List<PlanStep> standardPlan(JobSpec job) {
        return RunPackaging.parseOptional(job.packaging()) == RunPackaging.KPACK
                ? PlanStep.standardPlan(DeviceExtras.forFamily(job.family(), FamilyCatalogue.bundled()))
                : PlanStep.standardPlan();
    }

    /** Where the job's packages come from: the lease's sources, the agent's deps index when it names none. */
    PackageSources sources(JobSpec job) {
        return PackageSources.of(job, settings.defaultDepsIndexUrl());
    }

    /**
     * {@link #run(JobSpec, List, List, Consumer, RunningProcess, Consumer)} on a machine whose devices
     * are not known here: the family's catalogue targets stand for them.
     */
    public JobOutcome run(JobSpec job, List<PlanStep> plan, Consumer<TestResult> sink, RunningProcess current,
                          Consumer<String> progress) throws IOException {
        return run(job, plan, List.of(), sink, current, progress);
    }

    /**
     * Runs the plan. {@code deviceTargets}: this machine's gfx targets in device order (empty: none
     * detected); the pin and the kpack device check use those of the job's family. The venvs stay
     * until {@link #cleanUp}, which the caller runs once the verdict is sent.
     */
    public JobOutcome run(JobSpec job, List<PlanStep> plan, List<String> deviceTargets, Consumer<TestResult> sink,
                          RunningProcess current, Consumer<String> progress) throws IOException {
        int[] testsRan = {0};
        Consumer<TestResult> results = r -> {
            if (!PLAN_COMPONENT.equals(r.component())) {
                testsRan[0]++;
            }
            sink.accept(r);
        };
        Path workspace = workspace(job);
        Files.createDirectories(workspace.resolve("logs"));
        current.recordIn(new ProcessLedger(workspace.resolve(PROCESS_LEDGER)));
        PackageSources sources = sources(job);
        Optional<String> refused = refusedSource(sources);
        if (refused.isPresent()) {
            // Checked again here, not only at the orchestrator's intake: installing runs the package's code.
            return new JobOutcome(JobState.FAILED, refused.get());
        }
        FamilyCatalogue catalogue = FamilyCatalogue.bundled();
        // A gfx target of the family on this machine, never the family name (a kpack distribution refuses that).
        String pinnedTarget = settings.pinTargetFamily() ? TargetPin.choose(job.family(), deviceTargets, catalogue) : null;
        List<String> presentTargets = TargetPin.present(job.family(), deviceTargets, catalogue);
        List<String> failures = new ArrayList<>();
        boolean timedOut = false;
        Path venv = null;
        boolean venvUsable = false;
        Optional<Interpreter> interpreter = interpreterFor(job);
        if (interpreter.isEmpty()) {
            return new JobOutcome(JobState.INFRA_ERROR, "this agent has no Python " + job.pythonVersion()
                    + " (it offers " + interpreters.versions() + ")");
        }
        VenvFactory stepVenvs = venvsFor(interpreter.get());
        IndexProxy proxy;
        try {
            proxy = startProxy(sources, workspace);
        } catch (IOException | IllegalArgumentException e) {
            // Never "pip reads the indexes itself": unconfined, it would follow redirects and links anywhere.
            return new JobOutcome(JobState.INFRA_ERROR, "cannot start the index proxy pip reads through: " + e.getMessage());
        }
        try {
            for (PlanStep step : plan) {
                if (current.cancelled()) {
                    return new JobOutcome(JobState.FAILED, "cancelled");
                }
                if (!step.freshVenv() && !venvUsable) {
                    results.accept(planResult(step, "install", TestStatus.SKIPPED,
                            "not run: it upgrades the venv of a step whose install failed", null));
                    continue;
                }
                progress.accept(step.name() + ": install");
                if (step.freshVenv()) {
                    venv = workspace.resolve("venv-" + step.name());
                    ProcessOutcome created;
                    try (StepLog venvLog = new StepLog(logFile(workspace, step, "venv.log"), settings.maxStepOutputBytes())) {
                        created = stepVenvs.create(venv, workspace, venvLog, current);
                    }
                    if (created.exitCode() != 0) {
                        return new JobOutcome(JobState.INFRA_ERROR, "cannot create a venv with " + interpreter.get().executable()
                                + " (exit " + created.exitCode() + ")");
                    }
                }
                Map<String, String> env = IsolatedEnvironment.forVenv(baseEnvironment, venv, pinnedTarget);
                if (step.freshVenv() && sources.findLinks()) {
                    InstallOutcome bootstrap = bootstrap(job, step, sources, proxy, venv, env, workspace, current);
                    if (!bootstrap.ok()) {
                        venvUsable = false;
                        results.accept(planResult(step, "bootstrap", TestStatus.ERROR, bootstrap.message(), bootstrap.details()));
                        failures.add(step.name() + ": " + bootstrap.message());
                        continue;
                    }
                    results.accept(planResult(step, "bootstrap", bootstrap.provenanceProblems().isEmpty()
                            ? TestStatus.PASSED : TestStatus.FAILED, bootstrap.message(), String.join("\n", bootstrap.provenanceProblems())));
                    if (!bootstrap.provenanceProblems().isEmpty()) {
                        failures.add(step.name() + ": " + bootstrap.provenanceProblems().get(0));
                    }
                }
                InstallOutcome install = install(job, step, sources, proxy, venv, env, workspace, current, presentTargets);
                if (!install.ok()) {
                    venvUsable = false;
                    results.accept(planResult(step, "install", TestStatus.ERROR, install.message(), install.details()));
                    failures.add(step.name() + ": " + install.message());
                    continue;
                }
                venvUsable = true;
                results.accept(planResult(step, "install", TestStatus.PASSED, null, null));
                reportChecks(step, "provenance", install.provenanceProblems(), results);
                reportChecks(step, "family", install.familyProblems(), results);
                if (!install.provenanceProblems().isEmpty()) {
                    failures.add(step.name() + ": packages from outside the run's " + (sources.findLinks() ? "find-links page" : "index"));
                }
                if (!install.familyProblems().isEmpty()) {
                    failures.add(step.name() + ": " + install.familyProblems().get(0));
                }
                // pip freeze only reads the venv, like the tests: it runs beside them, not before.
                Path stepVenv = venv;
                CompletableFuture<ProcessOutcome> freeze = inBackground(() -> exec(List.of(python(stepVenv), "-m", "pip",
                        "--isolated", "freeze", "--all"), workspace, env, Duration.ofMinutes(2),
                        logFile(workspace, step, "pip-freeze.txt"), line -> {}, current));
                progress.accept(step.name() + ": rocm-sdk test");
                TestOutcome tested;
                try {
                    tested = test(step, venv, env, workspace, results, current);
                } finally {
                    awaitQuietly(freeze);
                }
                if (!tested.ok()) {
                    failures.add(step.name() + ": " + tested.message());
                }
                timedOut |= tested.timedOut();
            }
        } finally {
            log.info("job {}: {}", job.jobId(), proxy.summary());
            proxy.close();
        }
        if (current.cancelled()) {
            return new JobOutcome(JobState.FAILED, "cancelled");
        }
        Optional<String> fewer = TestCountCheck.drop(job.previousTestCount(), testsRan[0]);
        if (fewer.isPresent() && settings.strictTestCount()) {
            results.accept(planResult(plan.get(plan.size() - 1), "test-count", TestStatus.FAILED, fewer.get(), null));
            failures.add(fewer.get());
        }
        if (failures.isEmpty()) {
            // Reported, not fatal: the verdict stays green and the reason says what looked wrong.
            return new JobOutcome(JobState.PASSED, fewer.map(w -> "warning: " + w).orElse(null));
        }
        return new JobOutcome(timedOut ? JobState.TIMED_OUT : JobState.FAILED, String.join("; ", failures));
    }

    private record InstallOutcome(boolean ok, String message, String details, List<String> provenanceProblems,
                                  List<String> familyProblems) {}

    private record TestOutcome(boolean ok, boolean timedOut, String message) {}

    /**
     * The job's loopback index proxy (see {@link IndexProxy}): pip reads every index page and file
     * through it, so the index policy confines pip's redirects and links in every mode. With the
     * download cache on it fills and serves the cache; off ({@code --download-cache-gb 0}, or no pip
     * cache), it relays and keeps nothing. A find-links page goes through it as well as a run index:
     * its links are relinked the same way, resolved against the page.
     */
    private IndexProxy startProxy(PackageSources sources, Path workspace) throws IOException {
        boolean cached = settings.pipCacheDir() != null && settings.downloadCacheMaxBytes() > 0;
        // The port and secret outlive the job when pip's cache does (its built-wheel cache is keyed by the files URL).
        Path state = settings.pipCacheDir() != null ? settings.pipCacheDir().resolve(DOWNLOAD_CACHE) : workspace.resolve("index-proxy");
        return IndexProxy.start(sources, cached ? downloadCache() : null, state, sources.policy());
    }

    /**
     * What a job leaves to tidy once its verdict is in (see {@link #run}): its venvs, unless
     * workspaces are kept, and the download cache beyond its bound. Not part of the run: a runner's
     * venvs hold gigabytes of wheels, and removing them before the completion kept the verdict
     * waiting for a disk walk. Returns what it took, in milliseconds.
     */
    public long cleanUp(JobSpec job) {
        long start = System.nanoTime();
        if (settings.pipCacheDir() != null && settings.downloadCacheMaxBytes() > 0) {
            downloadCache().trimTo(settings.downloadCacheMaxBytes());
        }
        Path workspace = workspace(job);
        if (!settings.keepWorkspaces() && Files.isDirectory(workspace)) {
            deleteVenvs(workspace);
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /** Why pip must not be given this job's sources, if it must not (the index URL policy). */
    static Optional<String> refusedSource(PackageSources sources) {
        try {
            var policy = sources.policy();
            for (String url : new String[] {sources.depsIndexUrl(), sources.runIndexUrl(), sources.findLinksUrl()}) {
                Optional<String> why = url == null ? Optional.empty() : policy.refusal(url);
                if (why.isPresent()) {
                    return Optional.of("index URL refused (" + why.get() + "): " + io.gfxfleet.protocol.url.Redaction.redact(url));
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("index URL refused (" + e.getMessage() + ")");
        }
    }

    private DownloadCache downloadCache() {
        return new DownloadCache(settings.pipCacheDir().resolve(DOWNLOAD_CACHE));
    }

    /**
     * A find-links run's first install into a fresh venv, as TheRock's {@code setup_venv.py} does it:
     * pip, setuptools and wheel upgraded from the deps index, so that the {@code rocm} sdist builds
     * without build isolation (it needs {@code setuptools>=70.2.0}; a venv may bring 65.5.0).
     */
    private InstallOutcome bootstrap(JobSpec job, PlanStep step, PackageSources sources, IndexProxy proxy, Path venv,
                                     Map<String, String> env, Path workspace, RunningProcess current) throws IOException {
        List<String> index = proxy.bootstrapArguments();
        if (index.isEmpty()) {
            return new InstallOutcome(true, "no deps index (none in the run, on the orchestrator or the agent):"
                    + " pip, setuptools and wheel stay as the venv made them", null, List.of(), List.of());
        }
        Path report = logFile(workspace, step, "bootstrap-report.json");
        List<String> argv = new ArrayList<>(List.of(python(venv), "-m", "pip", "--isolated", "install",
                "--disable-pip-version-check", "--no-input", "--report", report.toString()));
        argv.addAll(cacheArguments(job, IsolatedEnvironment.pinnedTarget(env)));
        argv.addAll(List.of("--upgrade", "pip", "setuptools", "wheel"));
        argv.addAll(index);
        return namingRefusals(proxy, retried(argv, "pip install --upgrade pip setuptools wheel", report,
                logFile(workspace, step, "bootstrap.log"), workspace, env, current, proxy, parsed -> new InstallOutcome(true, null, null,
                        ProvenanceCheck.bootstrapViolations(parsed.withUrls(proxy::upstreamUrl)), List.of())));
    }

    private InstallOutcome install(JobSpec job, PlanStep step, PackageSources sources, IndexProxy proxy, Path venv,
                                   Map<String, String> env, Path workspace, RunningProcess current,
                                   List<String> presentTargets) throws IOException {
        Path report = logFile(workspace, step, "pip-report.json");
        List<String> argv = new ArrayList<>(List.of(python(venv), "-m", "pip", "--isolated",
                "install", "--disable-pip-version-check", "--no-input", "--report", report.toString()));
        argv.addAll(cacheArguments(job, IsolatedEnvironment.pinnedTarget(env)));
        if (!step.freshVenv()) {
            argv.add("--upgrade");
        }
        if (sources.findLinks()) {
            // The bootstrap put the build backend in the venv; nothing is fetched to build the sdist.
            argv.add("--no-build-isolation");
        }
        argv.add(step.requirement(job.version()));
        argv.addAll(proxy.pipArguments());
        return namingRefusals(proxy, retried(argv, "pip install " + step.requirement(job.version()), report,
                logFile(workspace, step, "install.log"), workspace, env, current, proxy, reported -> {
                    // Judged by where each file really came from, not by the proxy's address for it.
                    InstallReport parsed = reported.withUrls(proxy::upstreamUrl);
                    List<String> provenance = sources.findLinks()
                            ? ProvenanceCheck.violations(parsed, new RunIndexProbe().findLinksPage(sources), job.version())
                            : ProvenanceCheck.violations(parsed, sources, job.version());
                    List<String> family = step.deviceTargets().isEmpty()
                            ? InstalledFamilyCheck.violations(parsed, job.family(), step.installsLibraries() && step.freshVenv())
                            : InstalledFamilyCheck.kpackViolations(parsed, job.family(), step.deviceTargets(),
                            presentTargets, step.freshVenv());
                    return new InstallOutcome(true, null, null, provenance, family);
                }));
    }

    /**
     * A failed install whose index policy refused something says what: pip itself only says it found
     * no matching distribution when the file it needed lay off the index hosts.
     */
    private static InstallOutcome namingRefusals(IndexProxy proxy, InstallOutcome outcome) {
        List<String> refused = proxy.refusals();
        if (outcome.ok() || refused.isEmpty()) {
            return outcome;
        }
        return new InstallOutcome(false, outcome.message() + "; the index policy refused " + String.join("; ", refused),
                outcome.details(), outcome.provenanceProblems(), outcome.familyProblems());
    }

    private interface ReportCheck {
        InstallOutcome check(InstallReport report) throws IOException;
    }

    /**
     * Runs a pip install, retried with backoff for {@link RunnerSettings#installRetryWindow()} (an
     * index can lag the upload by minutes); on success, {@code checks} judge pip's report.
     */
    private InstallOutcome retried(List<String> argv, String what, Path report, Path logPath, Path workspace,
                                   Map<String, String> env, RunningProcess current, IndexProxy proxy,
                                   ReportCheck checks) throws IOException {
        Backoff backoff = Backoff.within(Duration.ofSeconds(2), Duration.ofSeconds(30), settings.installRetryWindow());
        int attempt = 0;
        while (true) {
            attempt++;
            Files.deleteIfExists(report);
            List<String> tail = new ArrayList<>();
            ProcessOutcome outcome = exec(argv, workspace, env, settings.installTimeout(), logPath, line -> {
                tail.add(line);
                if (tail.size() > 40) {
                    tail.remove(0);
                }
            }, current);
            if (outcome.exitCode() == 0) {
                return checks.check(InstallReport.read(report));
            }
            // A refusal by the index policy does not go away as an index catches up: not retried.
            if (current.cancelled() || outcome.timedOut() || !proxy.refusals().isEmpty() || backoff.exhausted()) {
                String why = outcome.timedOut() ? "pip install timed out after " + settings.installTimeout().toSeconds() + " s"
                        : what + " failed (exit " + outcome.exitCode() + ", " + attempt + " attempt(s))";
                return new InstallOutcome(false, why, String.join("\n", tail), List.of(), List.of());
            }
            Duration wait = backoff.next();
            log.info("{} failed (attempt {}), retrying in {} ms: the index may lag the upload", what, attempt, wait.toMillis());
            pause(wait, current);
        }
    }

    /** Built wheels are kept per family and pinned target (the sdist's setup.py bakes the choice in). */
    private List<String> cacheArguments(JobSpec job, String pinnedTarget) throws IOException {
        return settings.pipCacheDir() == null ? List.of("--no-cache-dir")
                : List.of("--cache-dir", PipCacheLayout.forFamily(settings.pipCacheDir(),
                pinnedTarget == null ? job.family() : job.family() + "." + pinnedTarget, pinnedTarget != null).toString());
    }

    private TestOutcome test(PlanStep step, Path venv, Map<String, String> env, Path workspace, Consumer<TestResult> results,
                             RunningProcess current) throws IOException {
        UnittestOutputParser parser = new UnittestOutputParser(step.name(),
                ParserSettings.defaults().withExpectedComponents(Set.copyOf(step.expect())), results);
        ProcessOutcome outcome = exec(List.of(host.consoleScript(venv, "rocm-sdk").toString(), "test"), workspace, env,
                settings.testTimeout(), logFile(workspace, step, "test.log"), parser::accept, current);
        StreamEnd end = outcome.timedOut() ? StreamEnd.timedOut(settings.testTimeout()) : StreamEnd.fromExitValue(outcome.exitCode());
        ParsedRun parsed = parser.finish(end);
        for (String problem : parsed.problems()) {
            results.accept(planResult(step, "checks", TestStatus.FAILED, problem, null));
        }
        if (parsed.passed()) {
            return new TestOutcome(true, false, null);
        }
        List<String> failing = parsed.failingTestIds();
        String why = "rocm-sdk test " + end.describe()
                + (failing.isEmpty() ? "" : "; failing: " + String.join(", ", failing.subList(0, Math.min(5, failing.size())))
                + (parsed.failing() > 5 ? " and " + (parsed.failing() - 5) + " more" : ""))
                + (parsed.problems().isEmpty() ? "" : "; " + String.join("; ", parsed.problems()));
        return new TestOutcome(false, outcome.timedOut(), why);
    }

    private ProcessOutcome exec(List<String> argv, Path workDir, Map<String, String> env, Duration timeout, Path logFile,
                                Consumer<String> lines, RunningProcess current) throws IOException {
        try (StepLog stepLog = new StepLog(logFile, settings.maxStepOutputBytes())) {
            stepLog.line("++ Exec [" + workDir + "]$ " + String.join(" ", argv));
            ProcessOutcome outcome = processes.run(new CommandLineSpec(argv, workDir, env, timeout), line -> {
                stepLog.line(line);
                lines.accept(line);
            }, current);
            stepLog.line("++ Exit " + outcome.exitCode() + (outcome.timedOut() ? " (timed out)" : "") + " after "
                    + outcome.elapsed().toMillis() + " ms");
            return outcome;
        }
    }

    private interface IoTask<T> {
        T call() throws IOException;
    }

    private static <T> CompletableFuture<T> inBackground(IoTask<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "step-beside");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** A side task's failure is in its own log; the step's verdict rests on the tests. */
    private static void awaitQuietly(CompletableFuture<?> task) {
        try {
            task.join();
        } catch (RuntimeException e) {
            log.warn("a side task of the step failed: {}", e.toString());
        }
    }

    private static void reportChecks(PlanStep step, String check, List<String> problems, Consumer<TestResult> results) {
        if (!problems.isEmpty()) {
            results.accept(planResult(step, check, TestStatus.FAILED, String.join("; ", problems), String.join("\n", problems)));
        }
    }

    static TestResult planResult(PlanStep step, String check, TestStatus status, String message, String details) {
        String id = PLAN_COMPONENT + "." + step.name() + "." + check;
        return new TestResult(step.name(), PLAN_COMPONENT, id, PLAN_COMPONENT + "." + step.name(), check, status, null,
                message, details, List.of());
    }

    private static Path logFile(Path workspace, PlanStep step, String what) {
        return workspace.resolve("logs").resolve(step.name() + "-" + what);
    }

    private String python(Path venv) {
        return host.venvPython(venv).toString();
    }

    /** A retry's pause, cut short when the job is cancelled (the retry loop then sees it and gives up). */
    private static void pause(Duration d, RunningProcess current) {
        pause(d, current.cancellation());
    }

    private static void pause(Duration d, Cancellation cancellation) {
        try {
            cancellation.await(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteVenvs(Path workspace) {
        try (Stream<Path> dirs = Files.list(workspace)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("venv-")).toList()) {
                deleteTree(d);
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", workspace, e.toString());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
