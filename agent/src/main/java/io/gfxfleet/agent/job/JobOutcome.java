package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.messages.JobState;

/** A job's verdict as the agent reports it, with the reason people read first. */
public record JobOutcome(JobState verdict, String reason) {}
