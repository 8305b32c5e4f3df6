package io.gfxfleet.agent.download;

import io.gfxfleet.protocol.pep.Anchor;
import io.gfxfleet.protocol.pep.SimplePage;
import io.gfxfleet.protocol.pep.SimplePageWriter;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the links of a PEP 503 (HTML) index page, read by the shared {@link SimplePage}. Each
 * anchor's {@code href} is resolved against the page's own URL (a {@code <base>} tag is honoured,
 * then dropped, since every link written back is absolute) and handed to a {@link Linker}, which
 * says where pip should fetch the file instead and whether the page's metadata attributes still
 * apply to that location. Only the start tags change: the rest of the page is kept as served.
 */
final class IndexPage {
    /** Where a link now points. */
    record Link(String href, boolean keepsMetadata) {}

    interface Linker {
        /**
         * {@code upstream} is absolute, with its fragment (e.g. {@code #sha256=...}); null drops the
         * link (the anchor keeps its text but no href), for a URL the index policy refuses.
         */
        Link relink(URI upstream);
    }

    private record Edit(int start, int end, String replacement) {}

    private IndexPage() {}

    static String rewrite(String html, URI pageUrl, Linker linker) {
        SimplePage page = SimplePage.parse(html, pageUrl);
        List<Edit> edits = new ArrayList<>();
        for (int[] base : page.baseTags()) {
            edits.add(new Edit(base[0], base[1], ""));
        }
        for (Anchor a : page.anchors()) {
            if (a.href() != null && a.located()) {
                edits.add(new Edit(a.tagStart(), a.tagEnd(), anchor(a, page.base(), linker)));
            }
        }
        // Text an older parser (pip on an old Python) could still read as a tag is made text for
        // every parser: pip must be given no link the policy did not judge.
        for (int at : page.strayTagOpenings()) {
            edits.add(new Edit(at, at + 1, "&lt;"));
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        StringBuilder out = new StringBuilder(html.length() + 1024);
        int done = 0;
        for (Edit e : edits) {
            if (e.start() < done) {
                continue;  // inside a tag already rewritten
            }
            out.append(html, done, e.start()).append(e.replacement());
            done = e.end();
        }
        return out.append(html, done, html.length()).toString();
    }

    private static String anchor(Anchor a, URI base, Linker linker) {
        URI upstream;
        try {
            upstream = a.resolve(base);
        } catch (IllegalArgumentException e) {
            return "<a>";  // not a URL this proxy can judge, so pip is not given it either
        }
        Link link = linker.relink(upstream);
        if (link == null) {
            return "<a>";
        }
        List<Map.Entry<String, String>> kept = a.attributes().entrySet().stream()
                .filter(e -> !e.getKey().equals("href"))
                .filter(e -> link.keepsMetadata()
                        || !(e.getKey().equals("data-dist-info-metadata") || e.getKey().equals("data-core-metadata")))
                .toList();
        return SimplePageWriter.startTag(link.href(), kept);
    }
}
