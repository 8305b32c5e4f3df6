package io.gfxfleet.orchestrator.store;

/** How many jobs wait in the queue for one family at one run priority (for the /metrics gauge). */
public record QueueDepth(String family, String priority, long jobs) {}
