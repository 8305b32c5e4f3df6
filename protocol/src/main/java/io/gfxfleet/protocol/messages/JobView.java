package io.gfxfleet.protocol.messages;

import java.time.Instant;

/** A job as the API and dashboard show it. */
public record JobView(
        String id,
        String family,
        JobState state,
        int attempt,
        String agentId,
        Counts counts,
        String reason,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
