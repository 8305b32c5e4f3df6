package io.gfxfleet.protocol.url;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An index URL taken apart the one way every component reads it, so that what the orchestrator
 * allowed is what the agent and pip fetch. A server may decode {@code %2E%2E} or {@code %2F}
 * before it normalises a path (the orchestrator's own {@code /packages/} did), so a path that only
 * a decoding server could read as another path is refused rather than compared:
 * <ul>
 *   <li>escapes of unreserved characters ({@code %41}, {@code %7E}) are decoded; an escaped
 *       {@code .} ({@code %2E}, {@code %2e}) is refused, as is an escaped {@code /}, {@code \},
 *       {@code ;} or {@code %} (double encoding, {@code %252e});</li>
 *   <li>{@code .} and {@code ..} segments, empty segments ({@code //}), {@code ;} path parameters,
 *       backslashes, control characters and userinfo ({@code user:pass@host}) are refused;</li>
 *   <li>scheme and host are lower-cased and the default port made explicit.</li>
 * </ul>
 * Other escapes ({@code %2B} in a local version, {@code %20}) stay as they are: they name one
 * character of one segment on every server.
 */
public record IndexUrl(String scheme, String host, int port, List<String> segments, boolean folder, String query) {
    /** Longer than any index URL a CI run writes; bounds the work of parsing one. */
    public static final int MAX_LENGTH = 2048;

    /** {@code url} read strictly, or {@link RefusedUrl} saying why not. */
    public static IndexUrl parse(String url) {
        if (url == null || url.isEmpty()) {
            throw new RefusedUrl("empty URL");
        }
        if (url.length() > MAX_LENGTH) {
            throw new RefusedUrl("URL longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\' || c > 0x7e) {
                throw new RefusedUrl("URL contains a space, control, backslash or non-ASCII character at " + i);
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedUrl("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
            throw new RefusedUrl("scheme must be http, https or file");
        }
        if (uri.isOpaque()) {
            throw new RefusedUrl("not a hierarchical URL");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new RefusedUrl("credentials (user:password@) are not allowed in index URLs");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedUrl("a fragment (#...) is not allowed in index URLs");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!scheme.equals("file") && host.isEmpty()) {
            throw new RefusedUrl("no host");
        }
        if (scheme.equals("file") && uri.getRawAuthority() != null && !host.isEmpty()) {
            throw new RefusedUrl("a file URL names no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        if (!path.startsWith("/")) {
            throw new RefusedUrl("path must be absolute");
        }
        return new IndexUrl(scheme, host, port, segmentsOf(path), path.endsWith("/"), uri.getRawQuery());
    }

    /**
     * The segments of an absolute raw path ({@code /a/b%7E/}) under the same rules, for servers
     * that must refuse what the policy refuses (the orchestrator's {@code /packages/}).
     */
    public static List<String> segmentsOf(String rawPath) {
        if (!rawPath.startsWith("/")) {
            throw new RefusedUrl("path must be absolute");
        }
        if (rawPath.length() > MAX_LENGTH) {
            throw new RefusedUrl("path longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\' || c > 0x7e) {
                throw new RefusedUrl("path contains a space, control, backslash or non-ASCII character at " + i);
            }
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            boolean last = i == raw.length - 1;
            if (last && raw[i].isEmpty()) {
                break;
            }
            segments.add(segment(raw[i]));
        }
        return List.copyOf(segments);
    }

    private static String segment(String raw) {
        if (raw.isEmpty()) {
            throw new RefusedUrl("empty path segment ('//')");
        }
        if (raw.indexOf(';') >= 0) {
            throw new RefusedUrl("';' path parameters are not allowed");
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw new RefusedUrl("truncated percent-escape");
            }
            int value = hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2));
            char decoded = (char) value;
            if (decoded == '.' || decoded == '/' || decoded == '\\' || decoded == ';' || decoded == '%') {
                throw new RefusedUrl("encoded '" + decoded + "' (%" + raw.substring(i + 1, i + 3) + ") in a path");
            }
            if (value < 0x20 || value == 0x7f) {
                throw new RefusedUrl("encoded control character in a path");
            }
            if (unreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        String s = out.toString();
        if (s.equals(".") || s.equals("..")) {
            throw new RefusedUrl("'" + s + "' path segment");
        }
        return s;
    }

    private static int hex(char c) {
        int v = Character.digit(c, 16);
        if (v < 0) {
            throw new RefusedUrl("invalid percent-escape");
        }
        return v;
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~';
    }

    /** Same scheme, host and port, and {@code prefix}'s path segments are this path's first segments. */
    public boolean isUnder(IndexUrl prefix) {
        if (!scheme.equals(prefix.scheme) || !host.equals(prefix.host) || port != prefix.port) {
            return false;
        }
        List<String> p = prefix.segments;
        if (p.size() > segments.size() || (p.size() == segments.size() && !folder && prefix.folder)) {
            return false;
        }
        return segments.subList(0, p.size()).equals(p);
    }

    /** scheme://host:port of this URL. */
    public String origin() {
        return scheme + "://" + host + (port < 0 ? "" : ":" + port);
    }

    /** The canonical text: decoded unreserved escapes, explicit port, query kept. */
    @Override
    public String toString() {
        return origin() + "/" + String.join("/", segments) + (folder && !segments.isEmpty() ? "/" : "")
                + (query == null ? "" : "?" + query);
    }
}
