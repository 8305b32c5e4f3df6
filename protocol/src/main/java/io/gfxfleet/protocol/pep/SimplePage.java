package io.gfxfleet.protocol.pep;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Range;
import org.jsoup.parser.Parser;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 503 page (a root page listing projects, a project page listing files, or a flat
 * {@code --find-links} page) read with a real HTML parser (jsoup), so that unquoted and
 * single-quoted attributes, character references, comments and {@code <base>} are understood as
 * pip and browsers understand them. Pages come from untrusted indexes: their size is bounded and
 * nothing here fetches anything.
 *
 * @param url      where the page was read from
 * @param base     what relative hrefs resolve against: the first {@code <base href>}, else {@code url}
 * @param anchors  every {@code <a>} in source order
 * @param baseTags where each {@code <base>} start tag lies in the text ({@code [start, end)})
 * @param strayTagOpenings where text that an older, non-HTML5 parser (such as Python's
 *                 {@code html.parser} before 3.13) could read as an {@code <a} or {@code <base}
 *                 start tag lies although the HTML5 parser read it as text (inside a comment,
 *                 {@code <title>}, {@code <textarea>}...): a rewriter that must leave pip no link
 *                 it did not judge neutralises them
 */
public record SimplePage(URI url, URI base, List<Anchor> anchors, List<int[]> baseTags, List<Integer> strayTagOpenings) {
    /** The largest page read: PyPI's biggest project pages are a few MB. */
    public static final int MAX_BYTES = 32 << 20;
    private static final Pattern TAG_OPENING = Pattern.compile("<(a|base)(?=[\\s/>])", Pattern.CASE_INSENSITIVE);

    public SimplePage {
        anchors = List.copyOf(anchors);
        baseTags = List.copyOf(baseTags);
        strayTagOpenings = List.copyOf(strayTagOpenings);
    }

    /** Reads at most {@link #MAX_BYTES} of UTF-8 from {@code in} (the caller closes it) and parses them. */
    public static SimplePage read(InputStream in, URI url) throws IOException {
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new PageTooLargeException(url + ": page larger than " + MAX_BYTES + " bytes");
        }
        return parse(new String(body, StandardCharsets.UTF_8), url);
    }

    /** Parses {@code html}, read from {@code url}; an IllegalArgumentException past {@link #MAX_BYTES} characters. */
    public static SimplePage parse(String html, URI url) {
        if (html.length() > MAX_BYTES) {
            throw new IllegalArgumentException(url + ": page larger than " + MAX_BYTES + " characters");
        }
        Document doc = Parser.htmlParser().setTrackPosition(true).parseInput(html, "");
        URI base = url;
        List<int[]> baseTags = new ArrayList<>();
        java.util.Set<Integer> tagStarts = new java.util.HashSet<>();
        for (Element b : doc.getElementsByTag("base")) {
            Range r = b.sourceRange();
            if (r.isTracked() && !r.isImplicit()) {
                baseTags.add(new int[] {r.startPos(), r.endPos()});
                tagStarts.add(r.startPos());
            }
            if (base == url && b.hasAttr("href")) {
                try {
                    base = url.resolve(b.attr("href").trim());
                } catch (IllegalArgumentException e) {
                    // not a URL: pip ignores it too, and links resolve against the page
                }
            }
        }
        List<Anchor> anchors = new ArrayList<>();
        for (Element a : doc.getElementsByTag("a")) {
            Map<String, String> attributes = new LinkedHashMap<>();
            a.attributes().forEach(at -> attributes.putIfAbsent(at.getKey().toLowerCase(Locale.ROOT), at.getValue()));
            Range r = a.sourceRange();
            boolean located = r.isTracked() && !r.isImplicit() && r.endPos() > r.startPos();
            anchors.add(new Anchor(a.hasAttr("href") ? a.attr("href") : null, a.text(), attributes,
                    located ? r.startPos() : -1, located ? r.endPos() : -1));
            if (located) {
                tagStarts.add(r.startPos());
            }
        }
        anchors.sort(Comparator.comparingInt(Anchor::tagStart));
        List<Integer> stray = new ArrayList<>();
        Matcher m = TAG_OPENING.matcher(html);
        while (m.find()) {
            if (!tagStarts.contains(m.start())) {
                stray.add(m.start());
            }
        }
        return new SimplePage(url, base, anchors, baseTags, stray);
    }

    /** The anchors that have an {@code href}. */
    public List<Anchor> links() {
        return anchors.stream().filter(a -> a.href() != null).toList();
    }

    /** A page over {@link #MAX_BYTES}: refused, not truncated. */
    public static final class PageTooLargeException extends IOException {
        public PageTooLargeException(String message) {
            super(message);
        }
    }
}
