package io.gfxfleet.orchestrator.logs;

/** One uploaded log of one attempt of a job: its name and size in bytes as uploaded. */
public record StoredLog(int attempt, String name, long bytes) {}
