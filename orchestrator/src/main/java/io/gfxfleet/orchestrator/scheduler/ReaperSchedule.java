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

    /** How long after a pass that returned {@code pass} the next pass runs. */
    public Duration after(ReapResult pass) {
        Duration next = pass.untilNextExpiry();
        return next == null || next.compareTo(period) > 0 ? period : next;
    }
}
