package io.gfxfleet.agent.exec;

/** A handle on a running process, so that a cancellation can kill its whole tree. */
public final class RunningProcess {
    private volatile TreeKillingWatchdog watchdog;
    private volatile boolean cancelled;

    void attach(TreeKillingWatchdog w) {
        this.watchdog = w;
        if (cancelled) {
            w.killByHand();
        }
    }

    public void kill() {
        cancelled = true;
        TreeKillingWatchdog w = watchdog;
        if (w != null) {
            w.killByHand();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }
}
