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
        Instant finishedAt,
        String pythonVersion,
        String image,
        String python) {

    /** {@code pythonVersion} and {@code image} as asked; {@code python}, the exact interpreter version the job ran with. */
    public JobView(String id, String family, JobState state, int attempt, String agentId, Counts counts, String reason,
                   Instant createdAt, Instant startedAt, Instant finishedAt) {
        this(id, family, state, attempt, agentId, counts, reason, createdAt, startedAt, finishedAt, null, null, null);
    }

    /** The family with what sets this job apart from the family's other jobs: {@code gfx94X-dcgpu py3.11 ubi10}. */
    public String label() {
        return family + (pythonVersion == null ? "" : " py" + pythonVersion) + (image == null ? "" : " " + image);
    }
}
