package io.gfxfleet.orchestrator.history;

import io.gfxfleet.orchestrator.store.TestOutcomes.AttemptOutcome;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestStatus;

import java.time.Instant;
import java.util.List;

/**
 * The test in one run of the family: its outcome in the job's current attempt ({@code status} is
 * null when that attempt did not run it), the outcomes of earlier attempts, and a label when it
 * failed or was flaky.
 */
public record HistoryEntry(
        String runKey,
        String runId,
        String version,
        Instant createdAt,
        String jobId,
        JobState jobState,
        int attempt,
        TestStatus status,
        String message,
        List<AttemptOutcome> earlierAttempts,
        FailureLabel label) {

    public HistoryEntry {
        earlierAttempts = List.copyOf(earlierAttempts);
    }
}
