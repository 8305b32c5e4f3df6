package io.gfxfleet.orchestrator.publish;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Renders PEP 503 pages (with the PEP 658/714 metadata attributes) and the flat
 * {@code --find-links} page. Output depends only on the input, so re-publishing the same
 * files yields byte-identical pages.
 */
public final class SimpleIndexPages {
    private SimpleIndexPages() {}

    /** The root page: one link per normalised project name, to {@code <name>/}. */
    public static byte[] rootPage(Collection<String> projects) {
        StringBuilder sb = head("Simple index");
        projects.stream().sorted().forEach(p ->
                sb.append("    <a href=\"").append(escape(IndexLink.encodeSegment(p))).append("/\">")
                        .append(escape(p)).append("</a><br/>\n"));
        return tail(sb);
    }

    /** A project page ({@code simple/<project>/}). */
    public static byte[] projectPage(String project, List<IndexLink> links) {
        StringBuilder sb = head("Links for " + project);
        sb.append("    <h1>Links for ").append(escape(project)).append("</h1>\n");
        appendLinks(sb, links);
        return tail(sb);
    }

    /** A flat page of file links, for {@code pip install --find-links <url>/index.html}. */
    public static byte[] flatPage(String title, List<IndexLink> links) {
        StringBuilder sb = head(title);
        appendLinks(sb, links);
        return tail(sb);
    }

    private static void appendLinks(StringBuilder sb, List<IndexLink> links) {
        links.stream().sorted(java.util.Comparator.comparing(IndexLink::fileName)).forEach(l -> {
            sb.append("    <a href=\"").append(escape(l.href())).append('"');
            l.requiresPython().ifPresent(rp -> sb.append(" data-requires-python=\"").append(escape(rp)).append('"'));
            l.metadataSha256().ifPresent(m -> {
                // PEP 714 renamed the attribute; old pips read only the first, new ones the second.
                sb.append(" data-dist-info-metadata=\"sha256=").append(escape(m)).append('"');
                sb.append(" data-core-metadata=\"sha256=").append(escape(m)).append('"');
            });
            sb.append('>').append(escape(l.fileName())).append("</a><br/>\n");
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
}
