package io.gfxfleet.agent.loop;

import io.gfxfleet.protocol.cli.Backoff;
import io.gfxfleet.protocol.tmp.TempArea;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.agent.client.LeaseLost;
import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.engine.JobLauncher;
import io.gfxfleet.agent.engine.JobSelector;
import io.gfxfleet.agent.engine.JunitXmlReport;
import io.gfxfleet.agent.engine.ResultSource;
import io.gfxfleet.agent.engine.TestResultListener;
import io.gfxfleet.agent.exec.RunningProcess;
import io.gfxfleet.agent.gpu.FamilyCheck;
import io.gfxfleet.agent.gpu.FamilyDecision;
import io.gfxfleet.agent.health.HealthCheck;
import io.gfxfleet.agent.health.HealthReport;
import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.job.PlanRefusedException;
import io.gfxfleet.agent.metrics.AgentCounters;
import io.gfxfleet.agent.report.LogUploader;
import io.gfxfleet.agent.stream.ResultSpool;
import io.gfxfleet.agent.stream.ResultStreamer;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.LeaseGrant;
import io.gfxfleet.protocol.messages.LeaseRequest;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The worker loop: resend what an earlier run left unacknowledged, then health check → lease →
 * run → stream → complete, until stopped (or after one job with {@code --once}).
 */
public final class AgentLoop {
    private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);
    private static final int LONG_POLL_SECONDS = 25;
    private static final Duration DRAIN_BOUND = Duration.ofMinutes(2);
    /** The job's JUnit XML report, kept and uploaded with its logs. */
    public static final String JUNIT_REPORT = "junit.xml";

    private final OrchestratorClient client;
    private final AgentIdentity identity;
    private final JobRunner runner;
    private final HealthCheck health;
    private final Path spoolRoot;
    private final FamilyCheck familyCheck = new FamilyCheck(FamilyCatalogue.bundled());
    private volatile boolean stopping;
    private volatile boolean handingBack;
    private volatile RunningProcess current;
    private final AgentCounters counters;
    /** How long an unreachable orchestrator is retried before giving up; null: for ever. */
    private Duration giveUpAfter;
    private Path tempArea = Path.of(System.getProperty("java.io.tmpdir"));

    public AgentLoop(OrchestratorClient client, AgentIdentity identity, JobRunner runner, HealthCheck health, Path spoolRoot) {
        this(client, identity, runner, health, spoolRoot, new AgentCounters());
    }

    public AgentLoop(OrchestratorClient client, AgentIdentity identity, JobRunner runner, HealthCheck health, Path spoolRoot,
                     AgentCounters counters) {
        this.counters = counters;
        this.client = client;
        this.identity = identity;
        this.runner = runner;
        this.health = health;
        this.spoolRoot = spoolRoot;
    }

    /**
     * Give up (a {@link CliFailure} with the infra exit code) once the orchestrator has been
     * unreachable for this long in a row; without it, an agent service retries for ever.
     */
    public AgentLoop giveUpAfter(Duration bound) {
        this.giveUpAfter = bound;
        return this;
    }

    /** Asks the loop to stop after the current job (or now, if idle). */
    public void stop() {
        stopping = true;
    }

    /** Runs jobs until stopped; with {@code once}, returns after the first job with its verdict. */
    public Optional<JobState> run(boolean once) throws InterruptedException {
        runner.prepare();
        // Report scratch folders live in the work folder's temp area; a killed run's area goes now.
        try {
            tempArea = TempArea.claim(spoolRoot.toAbsolutePath().getParent());
        } catch (IOException e) {
            log.warn("no temp area in the work folder ({}); reports are written under {}", Causes.describe(e), tempArea);
        }
        List<Long> leftovers = runner.killLeftoverProcesses();
        if (!leftovers.isEmpty()) {
            log.warn("killed processes an earlier run of this agent left behind: pids {}", leftovers);
        }
        resendSpools();
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), giveUpAfter);
        while (!stopping) {
            PhaseClock toLease = new PhaseClock();
            HealthReport report = health.check();
            toLease.lap("health check");
            if (!report.healthy()) {
                log.error("agent unhealthy, taking no work: {}", report.problems());
                if (once) {
                    return Optional.of(JobState.INFRA_ERROR);
                }
                Thread.sleep(30_000);
                continue;
            }
            Optional<LeaseGrant> lease;
            try {
                lease = client.acquire(new LeaseRequest(identity.agentId(), identity.gpu().gfxTargets(),
                        identity.gpu().families(), identity.labels(), LONG_POLL_SECONDS));
                counters.leaseRequested(lease.isPresent());
                backoff.reset();
            } catch (OrchestratorClient.RejectedRequest e) {
                log.error("{}", e.getMessage());
                return Optional.of(JobState.INFRA_ERROR);
            } catch (IOException | LeaseLost e) {
                counters.orchestratorUnreachable();
                if (backoff.exhausted()) {
                    throw CliFailure.infra("gave up after " + backoff.attempts() + " attempts in " + backoff.waited().toSeconds()
                            + " s: cannot reach the orchestrator at " + client.base() + ": " + Causes.describe(e)
                            + " (--give-up-after sets how long to keep trying)", e);
                }
                Duration wait = backoff.next();
                log.warn("cannot reach the orchestrator at {}: {}; retrying in {} ms", client.base(), Causes.describe(e), wait.toMillis());
                Thread.sleep(wait.toMillis());
                continue;
            }
            if (lease.isEmpty()) {
                continue;
            }
            toLease.lap("lease request");
            log.info("lease after {}; {} ms since the agent process started", toLease,
                    PhaseClock.sinceProcessStart().map(String::valueOf).orElse("?"));
            long jobStarted = System.nanoTime();
            JobState verdict = runLeased(lease.get());
            counters.jobDone(verdict, (System.nanoTime() - jobStarted) / 1e9);
            log.info("counters: {}", counters.summary());
            if (once) {
                return Optional.of(verdict);
            }
        }
        return Optional.empty();
    }

    private JobState runLeased(LeaseGrant lease) {
        var job = lease.job();
        log.info("leased job {} (run {} {}, family {}, attempt {})", job.jobId(), job.runId(), job.version(), job.family(), job.attempt());
        RunningProcess process = new RunningProcess();
        current = process;
        PhaseClock clock = new PhaseClock();
        try {
            ResultSpool spool = ResultSpool.create(spoolRoot, lease);
            JobOutcome outcome;
            long lastSequence;
            boolean lost;
            try (ResultStreamer streamer = new ResultStreamer(client, lease.leaseId(), lease.token(), spool);
                 Heartbeater heartbeat = new Heartbeater(client, lease.leaseId(), lease.token(), lease.ttlSeconds(), process);
                 JunitXmlReport report = new JunitXmlReport(tempArea)) {
                FamilyDecision decision = familyCheck.check(identity.gpu(), job.family());
                ResultSource source = decision.allowed()
                        ? results -> runSafely(lease, results, process, heartbeat, clock)
                        : results -> new JobOutcome(JobState.INFRA_ERROR, "this agent cannot test " + job.family() + ": " + decision.reason());
                outcome = launch(lease, source, streamer, report);
                clock.lap("steps");
                Path logs = runner.workspace(job).resolve("logs");
                try {
                    report.moveTo(logs.resolve(JUNIT_REPORT));
                } catch (IOException e) {
                    log.warn("job {}: cannot write the JUnit report: {}", job.jobId(), e.toString());
                }
                lastSequence = streamer.drain(DRAIN_BOUND);
                counters.resultsSent(streamer.sentResults());
                clock.lap("results drained");
                lost = streamer.leaseLost() || heartbeat.lost();
                if (!lost) {
                    new LogUploader(client).upload(lease.leaseId(), lease.token(), logs);
                    clock.lap("logs uploaded");
                }
                if (heartbeat.cancelled()) {
                    outcome = new JobOutcome(JobState.FAILED, "cancelled");
                }
            }
            if (lost) {
                log.warn("job {}: lease lost, not completing; the orchestrator re-queues it", job.jobId());
                spool.delete();
                return JobState.INFRA_ERROR;
            }
            if (handingBack) {
                // Not completed with a verdict it did not earn: handed back, so another agent takes it now.
                log.warn("job {}: agent stopping, handing the job back", job.jobId());
                try {
                    client.release(lease.leaseId(), lease.token());
                } catch (IOException | LeaseLost e) {
                    log.warn("job {}: hand-back failed ({}); its lease will lapse instead", job.jobId(), e.getMessage());
                }
                if (spool.unacknowledged().isEmpty()) {
                    spool.delete();
                }
                return JobState.INFRA_ERROR;
            }
            complete(lease, outcome, lastSequence);
            spool.delete();
            clock.lap("completed");
            log.info("job {} {}{}", job.jobId(), outcome.verdict().wireName(), outcome.reason() == null ? "" : ": " + outcome.reason());
            log.info("job {} timeline: {}", job.jobId(), clock);
            return outcome.verdict();
        } catch (IOException e) {
            log.error("job {}: agent-side failure: {}", job.jobId(), e.toString());
            return JobState.INFRA_ERROR;
        } finally {
            current = null;
        }
    }

    /**
     * Runs the job through the JUnit Platform (the gfxfleet engine): the streamer and the JUnit
     * report are two listeners of the same run, so they see the same results in the same order.
     */
    private JobOutcome launch(LeaseGrant lease, ResultSource source, ResultStreamer streamer, JunitXmlReport report) {
        var job = lease.job();
        TestResultListener streaming = new TestResultListener(streamer::add);
        JobOutcome outcome;
        try {
            outcome = JobLauncher.run(new JobSelector(job.jobId(), "gfxfleet run " + job.runId() + " " + job.version() + " "
                    + job.family(), source), List.of(streaming, report.listener()));
        } catch (IOException | RuntimeException e) {
            log.error("job {}: the JUnit Platform run failed", job.jobId(), e);
            return new JobOutcome(JobState.INFRA_ERROR, "agent error: " + e.getMessage());
        }
        if (streaming.failure().isPresent()) {
            return new JobOutcome(JobState.INFRA_ERROR, "agent error: a result could not be streamed: "
                    + streaming.failure().get().getMessage());
        }
        return outcome;
    }

    private JobOutcome runSafely(LeaseGrant lease, Consumer<TestResult> results, RunningProcess process, Heartbeater heartbeat,
                                 PhaseClock clock) {
        try {
            var plan = runner.planFor(lease.job());
            clock.lap("plan");
            return runner.run(lease.job(), plan, identity.gpu().gfxTargets(), results, process, heartbeat::progress);
        } catch (PlanRefusedException e) {
            // The run cannot be tested as published: an infrastructure error that names why, not an agent bug.
            log.warn("job {}: refused: {}", lease.job().jobId(), e.getMessage());
            results.accept(new TestResult("plan", JobRunner.PLAN_COMPONENT, JobRunner.PLAN_COMPONENT + ".plan.refused",
                    JobRunner.PLAN_COMPONENT + ".plan", "refused", TestStatus.ERROR, null, e.getMessage(), null, List.of()));
            return new JobOutcome(JobState.INFRA_ERROR, "refused: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("job {} failed inside the agent", lease.job().jobId(), e);
            results.accept(new TestResult("agent", JobRunner.PLAN_COMPONENT, JobRunner.PLAN_COMPONENT + ".agent.error",
                    JobRunner.PLAN_COMPONENT + ".agent", "error", TestStatus.ERROR, null, e.toString(), null, List.of()));
            return new JobOutcome(JobState.INFRA_ERROR, "agent error: " + e.getMessage());
        }
    }

    private void complete(LeaseGrant lease, JobOutcome outcome, long lastSequence) throws IOException {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), DRAIN_BOUND);
        while (true) {
            try {
                client.complete(lease.leaseId(), new JobCompletion(lease.token(), outcome.verdict(), outcome.reason(), lastSequence));
                return;
            } catch (LeaseLost e) {
                log.warn("completion refused: {}", e.getMessage());
                return;
            } catch (IOException e) {
                if (backoff.exhausted()) {
                    throw e;
                }
                log.warn("completion failed, retrying: {}", Causes.describe(e));
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
    }

    /**
     * Batches an earlier run of this agent spooled but never got acknowledged (it was killed, or
     * the orchestrator was away): send them under their lease while it is still valid.
     */
    private void resendSpools() {
        try {
            for (ResultSpool spool : ResultSpool.existing(spoolRoot)) {
                LeaseGrant lease = spool.lease();
                try (ResultStreamer streamer = new ResultStreamer(client, lease.leaseId(), lease.token(), spool)) {
                    streamer.drain(Duration.ofSeconds(30));
                    log.info("re-sent spooled results of lease {} ({} results{})", lease.leaseId(), streamer.sentResults(),
                            streamer.leaseLost() ? "; lease already gone" : "");
                }
                spool.delete();
            }
        } catch (IOException e) {
            log.warn("cannot replay the result spool in {}: {}", spoolRoot, e.toString());
        }
    }

    /** Whether a job is running now. */
    public boolean busy() {
        return current != null;
    }

    /**
     * SIGTERM past the grace period: kill the running job's process tree, send what it produced,
     * and give the job back instead of completing it with a verdict it did not earn.
     */
    public void handBackCurrentJob() {
        handingBack = true;
        abortCurrentJob();
    }

    /** Kill the running job's processes so it ends now and is reported. */
    public void abortCurrentJob() {
        RunningProcess p = current;
        if (p != null) {
            p.kill();
        }
    }
}
