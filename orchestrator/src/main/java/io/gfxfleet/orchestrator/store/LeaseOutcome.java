package io.gfxfleet.orchestrator.store;

/**
 * How a lease ended, as the {@code leases} record says ({@code outcome}); a live lease has none.
 * These are all the ways: docs/scheduling.md lists them with what happens to the job.
 */
public enum LeaseOutcome {
    /** The holder sent its verdict (the job's state is the verdict, or cancelled if a cancel was asked for). */
    COMPLETED("completed"),
    /**
     * Nobody renewed it in time (the agent was lost, or stopped answering): the reaper, or the claim
     * that takes the job next, ended it. The job went back to the queue with attempt+1, or ended
     * as infra_error after its last attempt, or as cancelled when a cancel was pending.
     */
    EXPIRED("expired"),
    /**
     * Granted but never delivered: the agent it was claimed for was no longer waiting when the
     * claim returned (it hung up, or its long poll ended while the claim was in flight). The job
     * went back to the queue without spending an attempt.
     */
    RELEASED("released"),
    /** The holder gave the job back because it is stopping; back to the queue without spending an attempt. */
    HANDED_BACK("handed-back");

    private final String stored;

    LeaseOutcome(String stored) {
        this.stored = stored;
    }

    /** The text in {@code leases.outcome}. */
    public String stored() {
        return stored;
    }
}
