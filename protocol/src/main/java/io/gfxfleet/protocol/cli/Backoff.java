package io.gfxfleet.protocol.cli;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, the one retry schedule of every gfxfleet client: the n-th
 * wait is uniform in [0, min(cap, first * 2^n)], so a fleet of agents that lost the orchestrator
 * at the same moment does not come back in lock-step. A give-up bound (total time spent waiting)
 * is optional: {@link #exhausted()} tells when it is reached.
 */
public final class Backoff {
    private final Duration first;
    private final Duration cap;
    private final Duration giveUpAfter;
    private int attempt;
    private long waitedNanos;

    public Backoff(Duration first, Duration cap, Duration giveUpAfter) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= cap, got " + first + ", " + cap);
        }
        this.first = first;
        this.cap = cap;
        this.giveUpAfter = giveUpAfter;
    }

    /** Without a bound: retries forever. */
    public static Backoff unbounded(Duration first, Duration cap) {
        return new Backoff(first, cap, null);
    }

    /** The next wait (already counted against the bound). */
    public Duration next() {
        long ceiling = Math.min(cap.toNanos(), first.toNanos() << Math.min(attempt, 30));
        attempt++;
        // at least a tenth of the ceiling: a zero wait would only hammer the other side
        long wait = ceiling / 10 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 10 + 1);
        if (giveUpAfter != null) {
            wait = Math.max(0, Math.min(wait, giveUpAfter.toNanos() - waitedNanos));
        }
        waitedNanos += wait;
        return Duration.ofNanos(wait);
    }

    /** Sleeps {@link #next()}. */
    public void pause() throws InterruptedException {
        Duration d = next();
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }

    /** True once the waits add up to the give-up bound. */
    public boolean exhausted() {
        return giveUpAfter != null && waitedNanos >= giveUpAfter.toNanos();
    }

    public int attempts() {
        return attempt;
    }

    public void reset() {
        attempt = 0;
        waitedNanos = 0;
    }

    public Duration waited() {
        return Duration.ofNanos(waitedNanos);
    }
}
