package io.gfxfleet.protocol.messages;

import java.time.Instant;

/**
 * A job leased to one agent until {@code expiresAt}. Only the holder of {@code token} may
 * heartbeat, send results or complete; the agent heartbeats every {@code ttlSeconds / 3}.
 */
public record LeaseGrant(String leaseId, String token, Instant expiresAt, int ttlSeconds, JobSpec job) {}
