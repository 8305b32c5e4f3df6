package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobState;

import java.time.Instant;

/** A family's job in one run, as a pointer for "since when" answers. */
public record FamilyJobRef(String runKey, String runId, String version, Instant createdAt, String jobId, JobState state) {}
