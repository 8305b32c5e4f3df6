package io.gfxfleet.protocol.messages;

/** Extends a lease; {@code progress} is free text for the dashboard (current step). */
public record Heartbeat(String leaseToken, String progress) {}
