package io.gfxfleet.orchestrator.store;

/**
 * A write under a lease that is not (or no longer) the job's live lease, or with the wrong token:
 * a zombie agent must never mix into the next attempt. Answered with 409.
 */
public final class LeaseRejected extends Exception {
    public LeaseRejected(String message) {
        super(message);
    }
}
