package io.gfxfleet.agent.exec;

import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

import java.time.Duration;

/**
 * Commons Exec's watchdog destroys only the direct child; a hung {@code rocm-sdk test} leaves
 * grandchildren (the interpreter it spawned, a GPU tool) that would keep the GPU busy. This one
 * kills the whole tree, children first, and can also be fired by hand (cancellation).
 */
final class TreeKillingWatchdog extends ExecuteWatchdog {
    private volatile Process process;
    private volatile boolean killedByHand;

    private final RunningProcess owner;

    TreeKillingWatchdog(Duration timeout, RunningProcess owner) {
        super(timeout.toMillis());
        this.owner = owner;
    }

    @Override
    public synchronized void start(Process processToMonitor) {
        this.process = processToMonitor;
        owner.started(processToMonitor);
        super.start(processToMonitor);
    }

    Process process() {
        return process;
    }

    @Override
    public synchronized void timeoutOccured(Watchdog w) {
        killTree();
        super.timeoutOccured(w);
    }

    void killByHand() {
        killedByHand = true;
        killTree();
        destroyProcess();
    }

    boolean killedByHand() {
        return killedByHand;
    }

    private void killTree() {
        Process p = process;
        if (p == null) {
            return;
        }
        ProcessTree.kill(p.toHandle());
    }
}
