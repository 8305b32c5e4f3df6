package io.gfxfleet.agent.exec;

import io.gfxfleet.agent.cancel.Cancellation;

import java.time.Duration;
import java.util.Objects;

/**
 * A handle on the processes a job runs now (a step's tests and, beside them, its pip freeze):
 * the job's {@link Cancellation}, which stops every one of their trees when it fires, the grace a
 * tree gets between the request to end and the forced kill, and the ledger their pids go to.
 */
public final class RunningProcess {
    /** How long a process tree may take to exit after SIGTERM before it is killed (the agent's --kill-grace). */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

    private final Cancellation cancellation;
    private final Duration killGrace;
    /** The agent's forced stop (a second stop signal): a stop in progress skips the rest of its grace. */
    private final Cancellation killNow;
    private volatile ProcessLedger ledger;

    /** Processes nobody cancels (probes, the venv template), stopped only by their timeout. */
    public RunningProcess() {
        this(new Cancellation(), DEFAULT_KILL_GRACE);
    }

    public RunningProcess(Cancellation cancellation, Duration killGrace) {
        this(cancellation, killGrace, new Cancellation());
    }

    /**
     * {@code killNow}: when it fires, a tree being stopped is killed at once instead of at the end
     * of its grace (it does not stop a process by itself: the job's cancellation does that).
     */
    public RunningProcess(Cancellation cancellation, Duration killGrace, Cancellation killNow) {
        this.killNow = Objects.requireNonNull(killNow, "killNow");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        if (killGrace == null || killGrace.isNegative()) {
            throw new IllegalArgumentException("the kill grace must be zero or positive, got " + killGrace);
        }
        this.killGrace = killGrace;
    }

    /** From now on, the processes started under this handle are recorded in {@code ledger}. */
    public void recordIn(ProcessLedger ledger) {
        this.ledger = ledger;
    }

    void started(Process process) {
        ProcessLedger l = ledger;
        if (l != null) {
            l.started(process.toHandle());
        }
    }

    void ended(Process process) {
        ProcessLedger l = ledger;
        if (l != null && process != null) {
            l.ended(process.toHandle());
        }
    }

    /** The job's cancellation: when it fires, every process started under this handle is stopped. */
    public Cancellation cancellation() {
        return cancellation;
    }

    Duration killGrace() {
        return killGrace;
    }

    Cancellation killNow() {
        return killNow;
    }

    public boolean cancelled() {
        return cancellation.isCancelled();
    }
}
