package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;

/** The words and symbols people read for a job's state, the same as the dashboard's. */
public final class VerdictWords {
    private VerdictWords() {}

    public static String word(JobView job) {
        return switch (job.state()) {
            case LEASED -> "running";
            case INFRA_ERROR -> "infra error";
            case TIMED_OUT -> "timed out";
            case EXPIRED -> job.attempt() <= 1 ? "no agent" : "expired";
            default -> job.state().wireName();
        };
    }

    public static String symbol(JobState state) {
        return switch (state) {
            case PASSED -> "✔";
            case FAILED -> "✘";
            case INFRA_ERROR -> "⚠";
            case TIMED_OUT -> "◷";
            case QUEUED -> "○";
            case LEASED -> "▶";
            case CANCELLED, EXPIRED -> "⊘";
        };
    }
}
