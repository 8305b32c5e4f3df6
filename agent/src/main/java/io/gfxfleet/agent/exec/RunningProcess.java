package io.gfxfleet.agent.exec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A handle on the processes a job runs now (a step's tests and, beside them, its pip freeze),
 * so that a cancellation can kill every one of their trees.
 */
public final class RunningProcess {
    private final Set<TreeKillingWatchdog> watchdogs = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private volatile ProcessLedger ledger;

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

    void attach(TreeKillingWatchdog w) {
        watchdogs.add(w);
        if (cancelled) {
            w.killByHand();
        }
    }

    void detach(TreeKillingWatchdog w) {
        watchdogs.remove(w);
    }

    public void kill() {
        cancelled = true;
        watchdogs.forEach(TreeKillingWatchdog::killByHand);
    }

    public boolean cancelled() {
        return cancelled;
    }
}
