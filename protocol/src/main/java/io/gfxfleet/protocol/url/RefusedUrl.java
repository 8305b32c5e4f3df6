package io.gfxfleet.protocol.url;

/** A URL the index policy will not fetch or accept; the message says why, without echoing secrets. */
public final class RefusedUrl extends IllegalArgumentException {
    public RefusedUrl(String why) {
        super(why);
    }
}
