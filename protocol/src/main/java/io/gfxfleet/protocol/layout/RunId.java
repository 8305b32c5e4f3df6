package io.gfxfleet.protocol.layout;

import java.util.regex.Pattern;

/** A build's run id (a GitHub run id, or any short token safe in an S3 key and a URL path). */
public final class RunId {
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");

    private RunId() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("run id must be 1-100 characters of [A-Za-z0-9._-], starting alphanumeric: '" + id + "'");
        }
        return id;
    }
}
