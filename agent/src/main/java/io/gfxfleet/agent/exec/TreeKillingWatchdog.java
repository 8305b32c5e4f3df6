package io.gfxfleet.agent.exec;

import io.gfxfleet.agent.cancel.Cancellation;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Commons Exec's watchdog destroys only the direct child, and at once; a hung {@code rocm-sdk
 * test} leaves grandchildren (the interpreter it spawned, a GPU tool) that would keep the GPU busy,
 * and a test runner killed outright writes no report. This one owns the process's
 * {@link Cancellation}: its timeout, or the job's cancellation, stops the whole tree politely
 * ({@link ProcessTree#stop}: SIGTERM, the grace, then SIGKILL).
 */
final class TreeKillingWatchdog extends ExecuteWatchdog {
    private final RunningProcess owner;
    /** This process's own cancellation: follows the job's, and also fires on the timeout. */
    private final Cancellation own = new Cancellation();
    private final Cancellation.Registration followsJob;
    private final AtomicBoolean stopBegun = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Process process;
    private volatile boolean ended;

    TreeKillingWatchdog(Duration timeout, RunningProcess owner) {
        super(timeout.toMillis());
        this.owner = owner;
        own.onCancel(why -> beginStop());
        this.followsJob = owner.cancellation().onCancel(own::cancel);
    }

    @Override
    public synchronized void start(Process processToMonitor) {
        this.process = processToMonitor;
        owner.started(processToMonitor);
        super.start(processToMonitor);
        if (own.isCancelled()) {
            // Cancelled while the process was being started: the listener saw no process yet.
            beginStop();
        }
    }

    Process process() {
        return process;
    }

    /** The process ran past its bound: the polite stop, not Commons Exec's immediate destroy. */
    @Override
    public synchronized void timeoutOccured(Watchdog w) {
        own.cancel(Cancellation.Reason.TIMEOUT);
    }

    /** Stops this process alone (its job goes on). */
    void stop(Cancellation.Reason why) {
        own.cancel(why);
    }

    /** Why the process was stopped, if it was. */
    Optional<Cancellation.Reason> reason() {
        return own.reason();
    }

    /**
     * The process exited: stop following the job's cancellation (its pid may be reused) and wait
     * for a stop in progress, so no descendant of it outlives this call by more than the grace.
     */
    void ended() {
        ended = true;
        followsJob.close();
        if (stopBegun.get()) {
            stopped.join();
        }
    }

    /** On its own thread: the listener runs on whoever cancelled (a heartbeat, a shutdown hook) and must not block it for the grace. */
    private void beginStop() {
        Process p = process;
        if (p == null || ended || !stopBegun.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            Thread self = Thread.currentThread();
            try {
                if (owner.killNow().isCancelled()) {
                    // The agent's forced stop came first: no request to end, no grace.
                    ProcessTree.kill(p.toHandle());
                    return;
                }
                // The agent's forced stop during the grace interrupts it: ProcessTree.stop then kills at once.
                try (Cancellation.Registration hurry = owner.killNow().onCancel(why -> self.interrupt())) {
                    ProcessTree.here().stop(p.toHandle(), owner.killGrace());
                }
            } finally {
                stopped.complete(null);
            }
        }, "process-tree-stop-" + p.pid());
        t.setDaemon(true);
        t.start();
    }
}
