package io.gfxfleet.agent.cli;

import io.gfxfleet.agent.loop.AgentLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's answer to stop signals, as Buildkite's agent answers them. The first SIGTERM or
 * SIGINT is the graceful stop: no more work, the running job may finish within {@code --stop-grace},
 * past it the ungraceful stop (the job's processes get SIGTERM, {@code --kill-grace}, SIGKILL, and
 * the job is handed back). A second one while that is in progress is the forced stop: the process
 * tree is killed at once, the job handed back if the orchestrator answers, and the agent exits
 * within {@link #FORCED_EXIT_BOUND} even if something still hangs. Either way the exit code is
 * 128 + the first signal's number (143 for SIGTERM, 130 for SIGINT), as for a JVM a signal ends.
 */
final class SignalledStop {
    private static final Logger log = LoggerFactory.getLogger(SignalledStop.class);
    /** After the forced stop, how long the loop may take to hand the job back and return before the process halts. */
    static final Duration FORCED_EXIT_BOUND = Duration.ofSeconds(15);

    private final AgentLoop loop;
    private final Duration grace;
    private final AtomicInteger received = new AtomicInteger();
    private volatile int firstSignal;

    SignalledStop(AgentLoop loop, Duration grace) {
        this.loop = loop;
        this.grace = grace;
    }

    /** A stop signal arrived (on a JVM signal thread: the work is handed to threads of its own). */
    void received(int signal) {
        int n = received.incrementAndGet();
        if (n == 1) {
            firstSignal = signal;
            System.err.println("agent: stopping (signal " + signal + "): the running job may finish within the stop grace;"
                    + " signal again to stop at once");
            start("agent-graceful-stop", () -> {
                try {
                    graceful(loop, grace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } else if (n == 2) {
            System.err.println("agent: second stop signal: killing the running job now and handing it back");
            log.warn("second stop signal ({}): forced stop", signal);
            loop.forceStop();
            start("agent-forced-exit", () -> {
                try {
                    Thread.sleep(FORCED_EXIT_BOUND.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                // The loop did not return in time (an orchestrator that does not answer): exit anyway.
                log.error("the loop did not end within {} s of the forced stop; exiting", FORCED_EXIT_BOUND.toSeconds());
                Runtime.getRuntime().halt(128 + firstSignal);
            });
        }
    }

    /** 128 + the first stop signal's number, once one arrived. */
    OptionalInt exitCode() {
        return received.get() == 0 ? OptionalInt.empty() : OptionalInt.of(128 + firstSignal);
    }

    /**
     * The graceful stop: take no more work and let the running job finish within {@code grace};
     * past it, the ungraceful stop. Returns early when the agent is forced to stop meanwhile.
     */
    static void graceful(AgentLoop loop, Duration grace) throws InterruptedException {
        loop.stop();
        loop.awaitIdle(grace);
        if (loop.busy()) {
            loop.handBackCurrentJob();
        }
    }

    private static void start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        // Neither keeps the JVM alive: the loop's return (main's System.exit) ends the process.
        t.setDaemon(true);
        t.start();
    }
}
