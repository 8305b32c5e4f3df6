package io.gfxfleet.protocol.messages;

/** The agent's verdict for its leased job, sent after its last result batch. */
public record JobCompletion(String leaseToken, JobState verdict, String reason, long lastSequence, String python) {

    /** {@code python}: the exact version of the interpreter the job ran with ({@code 3.11.7}); null when unknown. */
    public JobCompletion(String leaseToken, JobState verdict, String reason, long lastSequence) {
        this(leaseToken, verdict, reason, lastSequence, null);
    }
}
