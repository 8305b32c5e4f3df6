package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobSpec;

import java.time.Instant;

/** A granted lease. The token is only ever in memory and on the wire; the store keeps its hash. */
public record Lease(String leaseId, String token, Instant expiresAt, JobSpec job, String agentId) {}
