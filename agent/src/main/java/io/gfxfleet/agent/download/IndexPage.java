package io.gfxfleet.agent.download;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the links of a PEP 503 (HTML) index page. Each anchor's {@code href} is resolved
 * against the page's own URL (a {@code <base>} tag is honoured, then dropped, since every link
 * written back is absolute) and handed to a {@link Linker}, which says where pip should fetch the
 * file instead and whether the page's metadata attributes still apply to that location.
 */
final class IndexPage {
    private static final Pattern ANCHOR = Pattern.compile("<a\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BASE = Pattern.compile("<base\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "\\s([A-Za-z][A-Za-z0-9_:-]*)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'>]+))?");

    /** Where a link now points. */
    record Link(String href, boolean keepsMetadata) {}

    interface Linker {
        /**
         * {@code upstream} is absolute, with its fragment (e.g. {@code #sha256=...}); null drops the
         * link (the anchor keeps its text but no href), for a URL the index policy refuses.
         */
        Link relink(URI upstream);
    }

    private IndexPage() {}

    static String rewrite(String html, URI pageUrl, Linker linker) {
        URI base = pageUrl;
        Matcher b = BASE.matcher(html);
        if (b.find()) {
            String href = attribute(b.group(), "href");
            if (href != null) {
                base = pageUrl.resolve(unescape(href).trim());
            }
            html = b.replaceAll("");
        }
        URI resolveAgainst = base;
        Matcher m = ANCHOR.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 1024);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(anchor(m.group(1), resolveAgainst, linker)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String anchor(String attributes, URI base, Linker linker) {
        String href = null;
        Matcher a = ATTRIBUTE.matcher(attributes);
        while (a.find()) {
            if (a.group(1).equalsIgnoreCase("href") && a.group(2) != null) {
                href = unquote(a.group(2));
            }
        }
        if (href == null) {
            return "<a" + attributes + ">";
        }
        URI upstream;
        try {
            upstream = base.resolve(unescape(href).trim());
        } catch (IllegalArgumentException e) {
            return "<a>";  // not a URL this proxy can judge, so pip is not given it either
        }
        Link link = linker.relink(upstream);
        if (link == null) {
            return "<a>";
        }
        StringBuilder tag = new StringBuilder("<a href=\"").append(escape(link.href())).append('"');
        a.reset();
        while (a.find()) {
            String name = a.group(1).toLowerCase();
            boolean metadata = name.equals("data-dist-info-metadata") || name.equals("data-core-metadata");
            if (name.equals("href") || (metadata && !link.keepsMetadata())) {
                continue;
            }
            tag.append(a.group());
        }
        return tag.append('>').toString();
    }

    private static String attribute(String tag, String name) {
        Matcher a = ATTRIBUTE.matcher(tag.substring(tag.indexOf(' ') < 0 ? tag.length() : tag.indexOf(' ')));
        while (a.find()) {
            if (a.group(1).equalsIgnoreCase(name) && a.group(2) != null) {
                return unquote(a.group(2));
            }
        }
        return null;
    }

    private static String unquote(String v) {
        return (v.startsWith("\"") || v.startsWith("'")) ? v.substring(1, v.length() - 1) : v;
    }

    /** The character references an index page uses in URLs. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = CHARACTER_REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String c;
            try {
                c = switch (ref) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    default -> new String(Character.toChars(ref.startsWith("#x") || ref.startsWith("#X")
                            ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1))));
                };
            } catch (IllegalArgumentException e) {
                c = m.group();  // &#99999999999; names no character: kept as written (a hostile page)
            }
            m.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
