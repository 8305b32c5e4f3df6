package io.gfxfleet.protocol.layout;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Virtual-hosted S3 URLs in both forms AWS serves: {@code https://B.s3.amazonaws.com/KEY}
 * (TheRock's {@code storage_location.py} writes this one) and {@code https://B.s3.REGION.amazonaws.com/KEY}.
 * Both name the same object; {@link #canonical} maps either to the first, so that an allowlist
 * written in one form accepts URLs in the other.
 */
public final class S3Url {
    private static final Pattern HOST = Pattern.compile(
            "^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\\.s3(?:\\.([a-z]{2}(?:-[a-z]+)+-[0-9]))?\\.amazonaws\\.com$");

    private S3Url() {}

    /** The bucket of a virtual-hosted S3 URL, if {@code url} is one. */
    public static Optional<String> bucket(URI url) {
        if (url.getHost() == null || !"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            return Optional.empty();
        }
        Matcher m = HOST.matcher(url.getHost().toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code SCHEME://B.s3.amazonaws.com/KEY} for either S3 form (a default port dropped); any other URL unchanged. */
    public static String canonical(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return url;
        }
        Optional<String> bucket = bucket(uri);
        int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
        if (bucket.isEmpty() || uri.getPort() != -1 && uri.getPort() != defaultPort || uri.getRawUserInfo() != null) {
            return url;
        }
        // The scheme stays: an https prefix must not admit the same object over plain http.
        String rest = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme() + "://" + bucket.get() + ".s3.amazonaws.com" + rest
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
