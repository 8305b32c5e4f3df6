package io.gfxfleet.protocol.messages;

/** The orchestrator's answer to a batch: {@code duplicate} when it had stored that sequence already. */
public record BatchAck(long sequence, boolean duplicate, int stored) {}
