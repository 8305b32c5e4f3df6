package io.gfxfleet.agent.client;

/** The orchestrator no longer recognises our lease (expired, reassigned): stop writing under it. */
public final class LeaseLost extends Exception {
    public LeaseLost(String message) {
        super(message);
    }
}
