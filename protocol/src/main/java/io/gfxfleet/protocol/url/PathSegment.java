package io.gfxfleet.protocol.url;

import java.nio.charset.StandardCharsets;

/** One URL path segment, percent-encoded: what index hrefs and API paths put between slashes. */
public final class PathSegment {
    private PathSegment() {}

    /** Percent-encodes everything but RFC 3986 unreserved characters ('+' becomes %2B, '/' %2F). */
    public static String encode(String segment) {
        StringBuilder sb = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
