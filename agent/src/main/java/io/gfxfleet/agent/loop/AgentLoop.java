package io.gfxfleet.agent.loop;

import io.gfxfleet.protocol.cli.Backoff;
import io.gfxfleet.protocol.tmp.TempArea;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.agent.client.LeaseLost;
import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.engine.JunitXmlReport;
import io.gfxfleet.agent.engine.PlatformReport;
import io.gfxfleet.agent.results.ResultSink;
import io.gfxfleet.agent.exec.RunningProcess;
import io.gfxfleet.agent.gpu.FamilyCheck;
import io.gfxfleet.agent.gpu.FamilyDecision;
import io.gfxfleet.agent.health.HealthCheck;
import io.gfxfleet.agent.health.HealthReport;
import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.python.Interpreter;
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
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    /** The job's JUnit XML report, kept and uploaded with its logs. */
    public static final String JUNIT_REPORT = "junit.xml";

    private final OrchestratorClient client;
    private final AgentIdentity identity;
    private final JobRunner runner;
    private final HealthCheck health;
    private final Path spoolRoot;
    private final FamilyCheck familyCheck = new FamilyCheck(FamilyCatalogue.bundled());
    /** The agent's stop: fired once by {@link #stop()}; every pause and poll of the loop waits on it. */
    private final Cancellation stop = new Cancellation();
    /** The agent's ungraceful stop ({@link #handBackCurrentJob()}): every job's cancellation follows it. */
    private final Cancellation abandon = new Cancellation();
    /**
     * The agent's forced stop ({@link #forceStop()}, a second stop signal): a process tree being
     * stopped is killed without the rest of its grace, and the waits after the job (the result
     * drain, the completion's retries) give up.
     */
    private final Cancellation killNow = new Cancellation();
    /** The running job's cancellation; null while idle. */
    private volatile Cancellation currentJob;
    private volatile Consumer<LoopEvent> events = e -> {};
    private Duration unhealthyPause = Duration.ofSeconds(30);
    private int longPollSeconds = LONG_POLL_SECONDS;
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

    /** How long the loop pauses after a failed health check (30 s). */
    public AgentLoop unhealthyPause(Duration pause) {
        this.unhealthyPause = pause;
        return this;
    }

    /** How long one lease request waits at the orchestrator for a job (25 s; at most 300). */
    public AgentLoop longPollSeconds(int seconds) {
        this.longPollSeconds = seconds;
        return this;
    }

    /** Tells {@code listener} what the loop does, in order (on the loop's thread). */
    public AgentLoop onEvent(Consumer<LoopEvent> listener) {
        this.events = listener;
        return this;
    }

    /**
     * The graceful stop (the first SIGTERM): take no more work, wake the loop from any pause or
     * long poll, and let the current job finish; a lease granted from now on is handed back.
     * {@link #handBackCurrentJob()} is the ungraceful one that follows when the grace runs out.
     */
    public void stop() {
        stop.cancel(Cancellation.Reason.AGENT_STOPPING);
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
        while (true) {
            Turn turn = turn(backoff);
            if (ends(turn, once, backoff)) {
                event(LoopEvent.STOPPED);
                return once || turn.kind() == Turn.Kind.REJECTED ? turn.verdict() : Optional.empty();
            }
            pauseAfter(turn, backoff);
        }
    }

    /** What one turn of the loop (health check, lease request, the job) came to. */
    private record Turn(Kind kind, Optional<JobState> verdict, Exception failure) {
        enum Kind { STOPPED, UNHEALTHY, UNREACHABLE, REJECTED, NO_LEASE, RAN_JOB, HANDED_BACK }

        static Turn of(Kind kind) {
            return new Turn(kind, Optional.empty(), null);
        }

        static Turn of(Kind kind, JobState verdict) {
            return new Turn(kind, Optional.of(verdict), null);
        }
    }

    /**
     * Whether the loop ends after this turn: every exit condition of the loop, in one place.
     * It ends once stopped (a stop during a pause ends it before the next turn begins).
     * With {@code --once} it ends after its one job (or the reason there was none: unhealthy);
     * a refused request ends it (retrying cannot help); a stop ends it after the turn it cut
     * short; an orchestrator unreachable for longer than {@link #giveUpAfter} ends it with a failure.
     */
    private boolean ends(Turn turn, boolean once, Backoff backoff) {
        return switch (turn.kind()) {
            case STOPPED, REJECTED -> true;
            case RAN_JOB, HANDED_BACK, UNHEALTHY -> once || stop.isCancelled();
            case NO_LEASE -> stop.isCancelled();
            case UNREACHABLE -> {
                if (stop.isCancelled()) {
                    yield true;
                }
                if (backoff.exhausted()) {
                    Exception e = turn.failure();
                    throw CliFailure.infra("gave up after " + backoff.attempts() + " attempts in " + backoff.waited().toSeconds()
                            + " s: cannot reach the orchestrator at " + client.base() + ": " + Causes.describe(e)
                            + " (--give-up-after sets how long to keep trying)", e);
                }
                yield false;
            }
        };
    }

    /** The loop's only pauses; each ends early when the agent is stopped. */
    private void pauseAfter(Turn turn, Backoff backoff) throws InterruptedException {
        Duration pause;
        if (turn.kind() == Turn.Kind.UNHEALTHY) {
            event(LoopEvent.UNHEALTHY_PAUSE);
            pause = unhealthyPause;
        } else if (turn.kind() == Turn.Kind.UNREACHABLE) {
            pause = backoff.next();
            log.warn("cannot reach the orchestrator at {}: {}; retrying in {} ms", client.base(), Causes.describe(turn.failure()),
                    pause.toMillis());
            event(LoopEvent.BACKOFF);
        } else {
            return;
        }
        if (stop.await(pause)) {
            event(LoopEvent.WAIT_CUT_SHORT);
        }
    }

    private Turn turn(Backoff backoff) {
        if (stop.isCancelled()) {
            // Stopped during the last turn's pause: no new health check, no new lease request.
            return Turn.of(Turn.Kind.STOPPED);
        }
        PhaseClock toLease = new PhaseClock();
        event(LoopEvent.HEALTH_CHECK);
        HealthReport report = health.check();
        toLease.lap("health check");
        if (!report.healthy()) {
            log.error("agent unhealthy, taking no work: {}", report.problems());
            return Turn.of(Turn.Kind.UNHEALTHY, JobState.INFRA_ERROR);
        }
        Optional<LeaseGrant> lease;
        try {
            List<String> pythons = runner.interpreters().versions();
            event(LoopEvent.POLLING);
            lease = client.acquire(new LeaseRequest(identity.agentId(), identity.gpu().gfxTargets(),
                    identity.gpu().families(), identity.labels(), longPollSeconds, identity.platform().wireName(),
                    pythons.isEmpty() ? null : pythons, identity.image()), stop);
            counters.leaseRequested(lease.isPresent());
            backoff.reset();
        } catch (OrchestratorClient.Aborted e) {
            event(LoopEvent.WAIT_CUT_SHORT);
            return Turn.of(Turn.Kind.NO_LEASE);
        } catch (OrchestratorClient.RejectedRequest e) {
            log.error("{}", e.getMessage());
            return Turn.of(Turn.Kind.REJECTED, JobState.INFRA_ERROR);
        } catch (IOException | LeaseLost e) {
            counters.orchestratorUnreachable();
            return new Turn(Turn.Kind.UNREACHABLE, Optional.empty(), e);
        }
        if (lease.isEmpty()) {
            return Turn.of(Turn.Kind.NO_LEASE);
        }
        event(LoopEvent.LEASED);
        if (stop.isCancelled()) {
            // Granted as (or after) the agent was told to stop: another agent should take it now.
            handBack(lease.get(), "the lease arrived after the agent was told to stop");
            event(LoopEvent.HANDED_BACK);
            return Turn.of(Turn.Kind.HANDED_BACK, JobState.INFRA_ERROR);
        }
        toLease.lap("lease request");
        log.info("lease after {}; {} ms since the agent process started", toLease,
                PhaseClock.sinceProcessStart().map(String::valueOf).orElse("?"));
        long jobStarted = System.nanoTime();
        Turn ran = runLeased(lease.get());
        ran.verdict().ifPresent(v -> counters.jobDone(v, (System.nanoTime() - jobStarted) / 1e9));
        log.info("counters: {}", counters.summary());
        return ran;
    }

    private void event(LoopEvent e) {
        events.accept(e);
    }

    private Turn runLeased(LeaseGrant lease) {
        var job = lease.job();
        log.info("leased job {} (run {} {}, family {}, attempt {})", job.jobId(), job.runId(), job.version(), job.family(), job.attempt());
        Cancellation cancellation = new Cancellation();
        currentJob = cancellation;
        RunningProcess process = new RunningProcess(cancellation, runner.settings().killGrace(), killNow);
        PhaseClock clock = new PhaseClock();
        try (Cancellation.Registration followsAgent = abandon.onCancel(cancellation::cancel)) {
            ResultSpool spool = ResultSpool.create(spoolRoot, lease);
            JobOutcome outcome;
            long lastSequence;
            try (ResultStreamer streamer = new ResultStreamer(client, lease.leaseId(), lease.token(), spool, cancellation);
                 Heartbeater heartbeat = new Heartbeater(client, lease.leaseId(), lease.token(), lease.ttlSeconds(), cancellation);
                 JunitXmlReport report = new JunitXmlReport(tempArea);
                 PlatformReport reporting = new PlatformReport(job.jobId(), "gfxfleet run " + job.runId() + " " + job.version()
                         + " " + job.family(), List.of(report.listener()))) {
                // The runner pushes each result to both consumers as it is parsed: the streamer
                // directly, the report through the JUnit Platform, its rendering edge.
                ResultSink results = ResultSink.all(List.of(streaming(lease, streamer), reporting));
                FamilyDecision decision = familyCheck.check(identity.gpu(), job.family());
                outcome = decision.allowed()
                        ? runSafely(lease, results::accept, process, heartbeat, clock)
                        : new JobOutcome(JobState.INFRA_ERROR, "this agent cannot test " + job.family() + ": " + decision.reason());
                results.jobEnded(outcome);
                clock.lap("steps");
                Path logs = runner.workspace(job).resolve("logs");
                try {
                    report.moveTo(logs.resolve(JUNIT_REPORT));
                } catch (IOException e) {
                    log.warn("job {}: cannot write the JUnit report: {}", job.jobId(), e.toString());
                }
                lastSequence = streamer.drain(DRAIN_BOUND, killNow);
                counters.resultsSent(streamer.sentResults());
                clock.lap("results drained");
                if (!cancellation.is(Cancellation.Reason.LEASE_LOST) && !killNow.isCancelled()) {
                    new LogUploader(client).upload(lease.leaseId(), lease.token(), logs);
                    clock.lap("logs uploaded");
                }
            }
            return settle(lease, cancellation, outcome, lastSequence, spool, clock);
        } catch (IOException e) {
            log.error("job {}: agent-side failure: {}", job.jobId(), e.toString());
            return Turn.of(Turn.Kind.RAN_JOB, JobState.INFRA_ERROR);
        } finally {
            // After the completion: removing the venvs is no reason to keep the verdict waiting.
            long ms = runner.cleanUp(job);
            log.info("job {}: workspace cleaned up in {} ms", job.jobId(), ms);
            currentJob = null;
        }
    }

    /**
     * What becomes of a job whose steps ended, by why it was cancelled (if it was): the one place
     * the reasons are told apart.
     */
    private Turn settle(LeaseGrant lease, Cancellation cancellation, JobOutcome outcome, long lastSequence, ResultSpool spool,
                        PhaseClock clock) throws IOException {
        var job = lease.job();
        Cancellation.Reason reason = cancellation.reason().orElse(null);
        if (reason == Cancellation.Reason.LEASE_LOST) {
            log.warn("job {}: lease lost, not completing; the orchestrator re-queues it", job.jobId());
            spool.delete();
            return Turn.of(Turn.Kind.RAN_JOB, JobState.INFRA_ERROR);
        }
        if (reason == Cancellation.Reason.AGENT_STOPPING) {
            // Not completed with a verdict it did not earn: handed back, so another agent takes it now.
            handBack(lease, "agent stopping");
            if (spool.unacknowledged().isEmpty()) {
                spool.delete();
            }
            event(LoopEvent.HANDED_BACK);
            return Turn.of(Turn.Kind.HANDED_BACK, JobState.INFRA_ERROR);
        }
        if (reason == Cancellation.Reason.SERVER_CANCEL) {
            outcome = new JobOutcome(JobState.FAILED, "cancelled");
        }
        complete(lease, outcome, lastSequence);
        spool.delete();
        clock.lap("completed");
        event(LoopEvent.COMPLETED);
        log.info("job {} {}{}", job.jobId(), outcome.verdict().wireName(), outcome.reason() == null ? "" : ": " + outcome.reason());
        log.info("job {} timeline: {}", job.jobId(), clock);
        log.info("job {} agent cpu: {}", job.jobId(), clock.cpu());
        return Turn.of(Turn.Kind.RAN_JOB, outcome.verdict());
    }

    /** Gives a leased job back unfinished: the orchestrator re-queues it at once. */
    private void handBack(LeaseGrant lease, String why) {
        log.warn("job {}: {}, handing the job back", lease.job().jobId(), why);
        try {
            client.release(lease.leaseId(), lease.token());
        } catch (IOException | LeaseLost e) {
            log.warn("job {}: hand-back failed ({}); its lease will lapse instead", lease.job().jobId(), e.getMessage());
        }
    }

    /** The streamer, with every result naming the exact interpreter that ran it (a run tests several Python versions). */
    private ResultSink streaming(LeaseGrant lease, ResultStreamer streamer) {
        String python = runner.interpreterFor(lease.job()).map(Interpreter::exactVersion).orElse(null);
        return python == null ? streamer : r -> streamer.accept(r.withPython(python));
    }

    private JobOutcome runSafely(LeaseGrant lease, Consumer<TestResult> results, RunningProcess process, Heartbeater heartbeat,
                                 PhaseClock clock) {
        try {
            var plan = runner.planFor(lease.job(), process.cancellation());
            clock.lap("plan");
            if (process.cancelled()) {
                // Cancelled while the plan was looked up: nothing was run; settle() tells the reasons apart.
                return new JobOutcome(JobState.INFRA_ERROR, "cancelled before it ran: " + process.cancellation().reason().orElseThrow());
            }
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
                client.complete(lease.leaseId(), new JobCompletion(lease.token(), outcome.verdict(), outcome.reason(), lastSequence,
                        runner.interpreterFor(lease.job()).map(Interpreter::exactVersion).orElse(null)));
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
                    if (killNow.await(backoff.next())) {
                        // Forced stop: not completed; the lease lapses and the orchestrator re-queues the job.
                        throw new IOException("the agent was forced to stop while completing: " + Causes.describe(e), e);
                    }
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
                try (ResultStreamer streamer = new ResultStreamer(client, lease.leaseId(), lease.token(), spool, new Cancellation())) {
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
        return currentJob != null;
    }

    /**
     * The ungraceful stop (SIGTERM past the grace period): cancel the running job, which stops its
     * process tree (SIGTERM, the kill grace, SIGKILL); what it produced is sent and the job is given
     * back instead of completed with a verdict it did not earn.
     */
    public void handBackCurrentJob() {
        stop();
        abandon.cancel(Cancellation.Reason.AGENT_STOPPING);
    }

    /**
     * The forced stop (a second stop signal while a graceful stop is in progress): the running
     * job's process tree is killed at once (SIGKILL, no grace), the job is handed back if the
     * orchestrator answers, and the drain and completion retries give up, so the loop ends promptly.
     */
    public void forceStop() {
        // Before the job's cancellation, so its processes' stop already sees it and skips the grace.
        killNow.cancel(Cancellation.Reason.AGENT_STOPPING);
        handBackCurrentJob();
    }

    /**
     * Waits up to {@code bound} for the running job to end; returns early when the agent is forced
     * to stop. Whether a job still runs afterwards is {@link #busy()}.
     */
    public void awaitIdle(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        // A poll, woken by the forced stop: a job's end has no event of its own to wait on.
        while (busy() && !killNow.isCancelled()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || killNow.await(Duration.ofNanos(Math.min(left, IDLE_POLL.toNanos())))) {
                return;
            }
        }
    }
}
