package io.gfxfleet.protocol.messages;

/** The agent's verdict for its leased job, sent after its last result batch. */
public record JobCompletion(String leaseToken, JobState verdict, String reason, long lastSequence) {}
