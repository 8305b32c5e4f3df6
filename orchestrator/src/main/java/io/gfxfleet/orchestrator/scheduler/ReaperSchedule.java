package io.gfxfleet.orchestrator.scheduler;

import io.gfxfleet.orchestrator.store.ReapResult;

import java.time.Duration;

/**
 * When the reaper runs next: when the earliest live lease expires, and at least every
 * {@code period} (for queued jobs' pending expiry, and leases granted meanwhile, perhaps by
 * another orchestrator). A fixed period alone put a lost agent's job back up to a period after
 * its lease expired: TTL + 1 s after the last heartbeat at the defaults, past the promised TTL.
 */
public record ReaperSchedule(Duration period) {
    /**
     * A lease already due that this pass did not end: another orchestrator's reaper (or a
     * heartbeat racing it) held the job's row, which a pass skips rather than waits for. Look
     * again shortly, not in a busy loop.
     */
    static final Duration DUE_BUT_HELD = Duration.ofMillis(50);

    /** How long after a pass that returned {@code pass} the next pass runs. */
    public Duration after(ReapResult pass) {
        Duration next = pass.untilNextExpiry();
        if (next == null || next.compareTo(period) > 0) {
            return period;
        }
        return next.isZero() ? min(DUE_BUT_HELD, period) : next;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
