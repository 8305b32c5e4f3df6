package io.gfxfleet.protocol.messages;

import java.time.Instant;

/** The new expiry, and whether the job was cancelled (the agent then kills its process tree). */
public record HeartbeatReply(Instant expiresAt, boolean cancel) {}
