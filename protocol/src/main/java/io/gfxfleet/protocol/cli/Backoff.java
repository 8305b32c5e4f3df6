package io.gfxfleet.protocol.cli;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, the one retry schedule of every gfxfleet client and loop:
 * the n-th wait is uniform in [ceiling / 10, ceiling] with ceiling = min(cap, first * 2^n), so a
 * fleet of agents that lost the orchestrator at the same moment does not come back in lock-step
 * (and a zero wait never hammers the other side). Two optional bounds:
 * <ul>
 *   <li>a give-up bound on the time spent waiting ({@link #Backoff(Duration, Duration, Duration)}),
 *       for loops whose attempts are quick;</li>
 *   <li>a window on the time since the backoff began, attempts included ({@link #within}), for
 *       retries whose attempts take long themselves (a pip install while the index catches up):
 *       the last wait is cut to end with the window.</li>
 * </ul>
 * {@link #exhausted()} tells when a bound is reached. The random source and the clock can be
 * given, so tests see exact schedules.
 */
public final class Backoff {
    /** ThreadLocalRandom's generator of the calling thread (a Backoff may move between threads). */
    private static final RandomGenerator THREAD_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    private final Duration first;
    private final Duration cap;
    private final Duration giveUpAfter;
    private final Duration window;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private int attempt;
    private long waitedNanos;
    private long startedNanos;

    public Backoff(Duration first, Duration cap, Duration giveUpAfter) {
        this(first, cap, giveUpAfter, null, THREAD_RANDOM, System::nanoTime);
    }

    /**
     * @param giveUpAfter bound on the waits' sum, or null
     * @param window      bound on the time since construction (or {@link #reset()}) by {@code nanoClock}, or null
     */
    public Backoff(Duration first, Duration cap, Duration giveUpAfter, Duration window,
                   RandomGenerator random, LongSupplier nanoClock) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= cap, got " + first + ", " + cap);
        }
        this.first = first;
        this.cap = cap;
        this.giveUpAfter = giveUpAfter;
        this.window = window;
        this.random = random;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
    }

    /** Without a bound: retries forever. */
    public static Backoff unbounded(Duration first, Duration cap) {
        return new Backoff(first, cap, null);
    }

    /** Bounded by {@code window} of elapsed time from now, attempts included. */
    public static Backoff within(Duration first, Duration cap, Duration window) {
        return new Backoff(first, cap, null, window, THREAD_RANDOM, System::nanoTime);
    }

    /** The next wait (already counted against the bounds). */
    public Duration next() {
        long ceiling = Math.min(cap.toNanos(), first.toNanos() << Math.min(attempt, 30));
        attempt++;
        long wait = ceiling / 10 + random.nextLong(ceiling - ceiling / 10 + 1);
        if (giveUpAfter != null) {
            wait = Math.max(0, Math.min(wait, giveUpAfter.toNanos() - waitedNanos));
        }
        if (window != null) {
            wait = Math.max(0, Math.min(wait, window.toNanos() - (nanoClock.getAsLong() - startedNanos)));
        }
        waitedNanos += wait;
        return Duration.ofNanos(wait);
    }

    /** Sleeps {@link #next()}. */
    public void pause() throws InterruptedException {
        Duration d = next();
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }

    /** True once the waits add up to the give-up bound, or the window has passed. */
    public boolean exhausted() {
        return (giveUpAfter != null && waitedNanos >= giveUpAfter.toNanos())
                || (window != null && nanoClock.getAsLong() - startedNanos >= window.toNanos());
    }

    public int attempts() {
        return attempt;
    }

    /** Starts over: the first wait is short again, and the bounds count from now. */
    public void reset() {
        attempt = 0;
        waitedNanos = 0;
        startedNanos = nanoClock.getAsLong();
    }

    public Duration waited() {
        return Duration.ofNanos(waitedNanos);
    }
}
