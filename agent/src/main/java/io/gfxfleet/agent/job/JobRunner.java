package io.gfxfleet.agent.job;

import io.gfxfleet.agent.exec.CommandLineSpec;
import io.gfxfleet.agent.exec.ProcessOutcome;
import io.gfxfleet.agent.exec.ProcessRunner;
import io.gfxfleet.agent.exec.RunningProcess;
import io.gfxfleet.agent.pip.InstallReport;
import io.gfxfleet.agent.pip.IsolatedEnvironment;
import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.agent.pip.ProvenanceCheck;
import io.gfxfleet.agent.parse.ParsedRun;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import io.gfxfleet.protocol.messages.JobSpec;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs one job's test plan: for each step, (fresh) venv → isolated two-index pip install →
 * provenance check → pip freeze → {@code rocm-sdk test}, parsed as it prints. A later step runs
 * even when an earlier step's tests failed, not when its own install failed.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Results of the plan itself (install, provenance, false-green checks) use this component. */
    public static final String PLAN_COMPONENT = "gfxfleet";

    private final RunnerSettings settings;
    private final ProcessRunner processes = new ProcessRunner();
    private final Map<String, String> baseEnvironment;

    public JobRunner(RunnerSettings settings, Map<String, String> baseEnvironment) {
        this.settings = settings;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
    }

    public JobOutcome run(JobSpec job, List<PlanStep> plan, Consumer<TestResult> results, RunningProcess current,
                          Consumer<String> progress) throws IOException {
        Path workspace = settings.workDir().resolve("jobs").resolve(job.jobId() + "-" + job.attempt());
        Files.createDirectories(workspace);
        PackageSources sources = new PackageSources(job.depsIndexUrl(), job.runIndexUrl(), job.findLinksUrl());
        List<String> failures = new ArrayList<>();
        Path venv = null;
        try {
            for (PlanStep step : plan) {
                if (current.cancelled()) {
                    return new JobOutcome(JobState.FAILED, "cancelled");
                }
                progress.accept(step.name() + ": install");
                if (step.freshVenv() || venv == null) {
                    venv = workspace.resolve("venv-" + step.name());
                    ProcessOutcome created = exec(List.of(settings.python(), "-m", "venv", venv.toString()), workspace,
                            IsolatedEnvironment.forVenv(baseEnvironment, null, job.family()), Duration.ofMinutes(5),
                            workspace.resolve("logs").resolve(step.name() + "-venv.log"), line -> {}, current);
                    if (created.exitCode() != 0) {
                        return new JobOutcome(JobState.INFRA_ERROR, "cannot create a venv with " + settings.python()
                                + " (exit " + created.exitCode() + ")");
                    }
                }
                Map<String, String> env = IsolatedEnvironment.forVenv(baseEnvironment, venv, job.family());
                StepOutcome install = install(job, step, sources, venv, env, workspace, current);
                if (!install.ok()) {
                    results.accept(planResult(step, "install", TestStatus.ERROR, install.message(), install.details()));
                    failures.add(step.name() + ": " + install.message());
                    // Later steps build on this install; without it they cannot say anything.
                    return new JobOutcome(JobState.FAILED, String.join("; ", failures));
                }
                for (String violation : install.provenanceProblems()) {
                    results.accept(planResult(step, "provenance", TestStatus.FAILED, violation, null));
                }
                if (!install.provenanceProblems().isEmpty()) {
                    failures.add(step.name() + ": packages from outside the run's index");
                }
                exec(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "--isolated", "freeze", "--all"), workspace, env,
                        Duration.ofMinutes(2), workspace.resolve("logs").resolve(step.name() + "-pip-freeze.txt"), line -> {}, current);
                progress.accept(step.name() + ": rocm-sdk test");
                StepOutcome tested = test(step, venv, env, workspace, results, current);
                if (!tested.ok()) {
                    failures.add(step.name() + ": " + tested.message());
                }
                if (tested.timedOut()) {
                    return new JobOutcome(JobState.TIMED_OUT, String.join("; ", failures));
                }
            }
        } finally {
            if (!settings.keepWorkspaces() && venv != null) {
                deleteVenvs(workspace);
            }
        }
        if (current.cancelled()) {
            return new JobOutcome(JobState.FAILED, "cancelled");
        }
        return failures.isEmpty()
                ? new JobOutcome(JobState.PASSED, null)
                : new JobOutcome(JobState.FAILED, String.join("; ", failures));
    }

    private record StepOutcome(boolean ok, boolean timedOut, String message, String details, List<String> provenanceProblems) {
        static StepOutcome passed() {
            return new StepOutcome(true, false, null, null, List.of());
        }
    }

    private StepOutcome install(JobSpec job, PlanStep step, PackageSources sources, Path venv, Map<String, String> env,
                                Path workspace, RunningProcess current) throws IOException {
        Path report = workspace.resolve("logs").resolve(step.name() + "-pip-report.json");
        List<String> argv = new ArrayList<>(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "--isolated",
                "install", "--disable-pip-version-check", "--no-input", "--report", report.toString()));
        if (!step.freshVenv()) {
            argv.add("--upgrade");
        }
        argv.add(step.requirement(job.version()));
        argv.addAll(sources.pipArguments());
        long deadline = System.nanoTime() + settings.installRetryWindow().toNanos();
        Duration backoff = Duration.ofSeconds(2);
        int attempt = 0;
        while (true) {
            attempt++;
            Files.deleteIfExists(report);
            Path logFile = workspace.resolve("logs").resolve(step.name() + "-install.log");
            List<String> tail = new ArrayList<>();
            ProcessOutcome outcome = exec(argv, workspace, env, settings.installTimeout(), logFile, line -> {
                tail.add(line);
                if (tail.size() > 40) {
                    tail.remove(0);
                }
            }, current);
            if (outcome.exitCode() == 0) {
                InstallReport parsed = InstallReport.read(report);
                return new StepOutcome(true, false, null, null, ProvenanceCheck.violations(parsed, sources, job.version()));
            }
            if (current.cancelled() || outcome.timedOut() || System.nanoTime() + backoff.toNanos() > deadline) {
                String why = outcome.timedOut() ? "pip install timed out after " + settings.installTimeout()
                        : "pip install " + step.requirement(job.version()) + " failed (exit " + outcome.exitCode() + ", " + attempt + " attempt(s))";
                return new StepOutcome(false, outcome.timedOut(), why, String.join("\n", tail), List.of());
            }
            log.info("install of {} failed (attempt {}), retrying in {}s: the index may lag the upload",
                    step.requirement(job.version()), attempt, backoff.toSeconds());
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
        }
    }

    private StepOutcome test(PlanStep step, Path venv, Map<String, String> env, Path workspace, Consumer<TestResult> results,
                             RunningProcess current) throws IOException {
        UnittestOutputParser parser = new UnittestOutputParser(step.name(),
                ParserSettings.defaults().withExpectedComponents(Set.copyOf(step.expect())), results);
        ProcessOutcome outcome = exec(List.of(venv.resolve("bin/rocm-sdk").toString(), "test"), workspace, env,
                settings.testTimeout(), workspace.resolve("logs").resolve(step.name() + "-test.log"), parser::accept, current);
        StreamEnd end = outcome.timedOut() ? StreamEnd.timedOut(settings.testTimeout()) : StreamEnd.fromExitValue(outcome.exitCode());
        ParsedRun parsed = parser.finish(end);
        for (String problem : parsed.problems()) {
            results.accept(planResult(step, "checks", TestStatus.FAILED, problem, null));
        }
        if (parsed.passed()) {
            return StepOutcome.passed();
        }
        List<String> failing = parsed.failures().stream().map(TestResult::testId).toList();
        String why = "rocm-sdk test " + end.describe()
                + (failing.isEmpty() ? "" : "; failing: " + String.join(", ", failing.subList(0, Math.min(5, failing.size())))
                + (failing.size() > 5 ? " and " + (failing.size() - 5) + " more" : ""))
                + (parsed.problems().isEmpty() ? "" : "; " + String.join("; ", parsed.problems()));
        return new StepOutcome(false, outcome.timedOut(), why, null, List.of());
    }

    private ProcessOutcome exec(List<String> argv, Path workDir, Map<String, String> env, Duration timeout, Path logFile,
                                Consumer<String> lines, RunningProcess current) throws IOException {
        try (StepLog stepLog = new StepLog(logFile)) {
            stepLog.line("++ Exec [" + workDir + "]$ " + String.join(" ", argv));
            return processes.run(new CommandLineSpec(argv, workDir, env, timeout), line -> {
                stepLog.line(line);
                lines.accept(line);
            }, current);
        }
    }

    static TestResult planResult(PlanStep step, String check, TestStatus status, String message, String details) {
        String id = PLAN_COMPONENT + "." + step.name() + "." + check;
        return new TestResult(step.name(), PLAN_COMPONENT, id, PLAN_COMPONENT + "." + step.name(), check, status, null,
                message, details, List.of());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteVenvs(Path workspace) {
        try (var dirs = Files.list(workspace)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("venv-")).toList()) {
                try (var walk = Files.walk(d)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", workspace, e.toString());
        }
    }
}
