package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestStatus;

import java.time.Instant;
import java.util.List;

/**
 * One test in one family's job of one run: the job, and the test's outcome in each attempt that
 * ran it (a test run in several steps counts by its worst outcome in that attempt).
 */
public record TestOutcomes(
        String runKey,
        String runId,
        String version,
        Instant createdAt,
        String jobId,
        JobState jobState,
        int jobAttempt,
        List<AttemptOutcome> attempts) {

    public TestOutcomes {
        attempts = List.copyOf(attempts);
    }

    public record AttemptOutcome(int attempt, TestStatus status, String message) {}
}
