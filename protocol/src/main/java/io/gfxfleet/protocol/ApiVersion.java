package io.gfxfleet.protocol;

/** The HTTP API version both sides speak; every route lives under {@link #PREFIX}. */
public final class ApiVersion {
    public static final String VERSION = "v1";
    public static final String PREFIX = "/api/" + VERSION;

    private ApiVersion() {}
}
