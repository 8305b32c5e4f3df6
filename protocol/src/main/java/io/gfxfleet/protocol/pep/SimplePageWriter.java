package io.gfxfleet.protocol.pep;

import io.gfxfleet.protocol.url.PathSegment;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes PEP 503 pages (with the PEP 658/714 metadata attributes) and the flat
 * {@code --find-links} page; {@link SimplePage} reads them back. Output depends only on the
 * input, so re-publishing the same files yields byte-identical pages.
 */
public final class SimplePageWriter {
    private SimplePageWriter() {}

    /** The root page: one link per normalised project name, to {@code <name>/}. */
    public static byte[] rootPage(Collection<String> projects) {
        StringBuilder sb = head("Simple index");
        projects.stream().sorted().forEach(p ->
                sb.append("    <a href=\"").append(escape(encodeSegment(p))).append("/\">")
                        .append(escape(p)).append("</a><br/>\n"));
        return tail(sb);
    }

    /** A project page ({@code simple/<project>/}). */
    public static byte[] projectPage(String project, List<PageLink> links) {
        StringBuilder sb = head("Links for " + project);
        sb.append("    <h1>Links for ").append(escape(project)).append("</h1>\n");
        appendLinks(sb, links);
        return tail(sb);
    }

    /** A flat page of file links, for {@code pip install --find-links <url>/index.html}. */
    public static byte[] flatPage(String title, List<PageLink> links) {
        StringBuilder sb = head(title);
        appendLinks(sb, links);
        return tail(sb);
    }

    /**
     * An anchor's start tag: {@code href} first, then {@code attributes} in order, every value
     * escaped and double-quoted.
     */
    public static String startTag(String href, Iterable<Map.Entry<String, String>> attributes) {
        StringBuilder sb = new StringBuilder("<a href=\"").append(escape(href)).append('"');
        for (Map.Entry<String, String> a : attributes) {
            sb.append(' ').append(a.getKey()).append("=\"").append(escape(a.getValue())).append('"');
        }
        return sb.append('>').toString();
    }

    private static void appendLinks(StringBuilder sb, List<PageLink> links) {
        links.stream().sorted(Comparator.comparing(PageLink::text)).forEach(l -> {
            sb.append("    <a href=\"").append(escape(l.href())).append('"');
            l.requiresPython().ifPresent(rp -> sb.append(" data-requires-python=\"").append(escape(rp)).append('"'));
            l.metadataSha256().ifPresent(m -> {
                // PEP 714 renamed the attribute; old pips read only the first, new ones the second.
                sb.append(" data-dist-info-metadata=\"sha256=").append(escape(m)).append('"');
                sb.append(" data-core-metadata=\"sha256=").append(escape(m)).append('"');
            });
            sb.append('>').append(escape(l.text())).append("</a><br/>\n");
        });
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(512)
                .append("<!DOCTYPE html>\n<html>\n  <head>\n")
                .append("    <meta name=\"pypi:repository-version\" content=\"1.0\">\n")
                .append("    <title>").append(escape(title)).append("</title>\n")
                .append("  </head>\n  <body>\n");
    }

    private static byte[] tail(StringBuilder sb) {
        sb.append("  </body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** HTML escaping for text and double- or single-quoted attribute values. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, for one path segment ('+' becomes %2B). */
    public static String encodeSegment(String segment) {
        return PathSegment.encode(segment);
    }
}
