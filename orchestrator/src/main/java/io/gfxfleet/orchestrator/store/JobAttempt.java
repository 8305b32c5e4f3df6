package io.gfxfleet.orchestrator.store;

import java.time.Instant;

/**
 * One lease of a job: which agent held it and how it ended ({@code completed}, {@code expired}, or
 * null while it is live). A job that lost its agent shows one row per attempt.
 */
public record JobAttempt(int attempt, String agentId, Instant grantedAt, Instant endedAt, String outcome) {}
