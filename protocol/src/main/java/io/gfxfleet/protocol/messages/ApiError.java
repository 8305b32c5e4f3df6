package io.gfxfleet.protocol.messages;

/** Every 4xx/5xx body: what went wrong, and the request field it concerns when there is one. */
public record ApiError(String error, String field) {}
