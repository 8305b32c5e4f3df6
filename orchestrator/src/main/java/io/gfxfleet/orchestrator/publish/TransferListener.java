package io.gfxfleet.orchestrator.publish;

/**
 * Hears how a publish is going; called from upload threads, so implementations are thread-safe.
 * Every method has a no-op default.
 */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {};

    /** Before the first put: how much is to be written. */
    default void started(int objects, long bytes) {}

    /** Some bytes of an object reached the target (a whole small object, or one part of a big one). */
    default void bytesSent(long bytes) {}

    /** One object is stored. */
    default void objectDone(ObjectWrite write) {}

    /** Every object is stored. */
    default void finished(PublishPlan.ApplyOutcome outcome) {}
}
