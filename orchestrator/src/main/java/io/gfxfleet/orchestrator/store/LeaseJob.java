package io.gfxfleet.orchestrator.store;

/** The job and attempt a lease was granted for, as a lease holder may learn it (log uploads). */
public record LeaseJob(String jobId, int attempt) {}
