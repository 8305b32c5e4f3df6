package io.gfxfleet.protocol.url;

import java.util.regex.Pattern;

/**
 * URLs as shown to readers who hold no token: a presigned query ({@code X-Amz-Signature=...}) or
 * a {@code user:password@} is a credential, so both are replaced, the rest is kept for people to
 * recognise the index.
 */
public final class Redaction {
    public static final String HIDDEN = "REDACTED";
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private Redaction() {}

    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String out = USERINFO.matcher(url).replaceFirst("$1" + HIDDEN + "@");
        int q = out.indexOf('?');
        if (q >= 0) {
            int hash = out.indexOf('#', q);
            out = out.substring(0, q + 1) + HIDDEN + (hash >= 0 ? out.substring(hash) : "");
        }
        return out;
    }
}
