package io.gfxfleet.orchestrator.store;

/**
 * Tells the other orchestrators on the same database what this one just committed: {@code jobs}
 * (work created or returned), {@code change} (results, verdicts). {@link #NONE} on SQLite, which
 * serves one process.
 */
interface ReplicaSignal {
    ReplicaSignal NONE = kind -> { };

    /** After the commit that the signal announces. */
    void send(String kind);
}
