package io.gfxfleet.orchestrator.scheduler;

import java.time.Duration;

/**
 * The numbers behind lease semantics. Agents heartbeat at ttl/3, so two lost heartbeats still
 * keep a lease; a dead agent's job is back in the queue when its lease expires, a TTL after its
 * last heartbeat (the reaper comes back for the earliest expiry, and at least every reaperPeriod).
 */
public record LeasePolicy(Duration ttl, int maxAttempts, Duration maxLongPoll, Duration reaperPeriod) {
    public static final LeasePolicy DEFAULT =
            new LeasePolicy(Duration.ofSeconds(60), 3, Duration.ofSeconds(25), Duration.ofSeconds(1));

    public LeasePolicy {
        if (ttl.toSeconds() < 3) {
            throw new IllegalArgumentException("lease TTL must be at least 3 s, got " + ttl);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
    }
}
