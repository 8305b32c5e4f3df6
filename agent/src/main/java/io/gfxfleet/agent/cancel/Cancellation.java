package io.gfxfleet.agent.cancel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Why a piece of work must end early, set once: the first reason wins and later ones are ignored,
 * so the heartbeater, the result streamer, a process timeout and the stopping agent never have to
 * agree among themselves which of them "really" ended a job. Whoever does the work asks
 * {@link #reason()}; whoever waits ({@link #await}) or blocks on I/O ({@link #onCancel}) is woken.
 *
 * <p>A process of a job has a cancellation of its own that follows the job's ({@code
 * job.onCancel(own::cancel)}, closed when the process ended) and can also be cancelled alone (that
 * process's timeout) without the job noticing.
 */
public final class Cancellation {
    /** Every reason a job or a wait ends early; one per cancellation. */
    public enum Reason {
        /** The orchestrator said so in a heartbeat reply (a user cancelled the run or the job). */
        SERVER_CANCEL,
        /** The orchestrator no longer knows the lease (it expired, or another agent holds the job). */
        LEASE_LOST,
        /** The agent is stopping: its grace ran out, the job is handed back unfinished. */
        AGENT_STOPPING,
        /** A process ran past its time bound. */
        TIMEOUT
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final CountDownLatch fired = new CountDownLatch(1);
    private final List<Consumer<Reason>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Sets the reason unless one is set already; returns whether this call set it. The listeners
     * run on the caller's thread, once each.
     */
    public boolean cancel(Reason why) {
        if (!reason.compareAndSet(null, java.util.Objects.requireNonNull(why, "why"))) {
            return false;
        }
        fired.countDown();
        for (Consumer<Reason> l : listeners) {
            if (listeners.remove(l)) {
                l.accept(why);
            }
        }
        return true;
    }

    public Optional<Reason> reason() {
        return Optional.ofNullable(reason.get());
    }

    public boolean isCancelled() {
        return reason.get() != null;
    }

    /** Whether the cancellation happened for this reason (false when not cancelled, or for another). */
    public boolean is(Reason why) {
        return reason.get() == why;
    }

    /**
     * Runs {@code listener} once when cancelled; at once (on this thread) if already cancelled.
     * Closing the registration forgets the listener (the wait it served is over).
     */
    public Registration onCancel(Consumer<Reason> listener) {
        listeners.add(listener);
        Reason r = reason.get();
        if (r != null && listeners.remove(listener)) {
            // Cancelled between the add and now, and cancel() did not see the listener: run it here.
            listener.accept(r);
        }
        return () -> listeners.remove(listener);
    }

    /**
     * Waits up to {@code bound}; returns true when woken by the cancellation, false when the bound
     * passed first. The one way every pause of the agent sleeps, so that a stop wakes it.
     */
    public boolean await(Duration bound) throws InterruptedException {
        return fired.await(Math.max(0, bound.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** A listener's registration; closing it is idempotent and throws nothing. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
