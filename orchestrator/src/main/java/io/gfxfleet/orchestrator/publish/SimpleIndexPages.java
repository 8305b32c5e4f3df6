package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.pep.PageLink;
import io.gfxfleet.protocol.pep.SimplePageWriter;

import java.util.Collection;
import java.util.List;

/**
 * The publisher's pages: its {@link IndexLink}s written by the shared {@link SimplePageWriter}
 * (the agent's proxy and the tests read them back with {@code SimplePage}).
 */
public final class SimpleIndexPages {
    private SimpleIndexPages() {}

    /** The root page: one link per normalised project name, to {@code <name>/}. */
    public static byte[] rootPage(Collection<String> projects) {
        return SimplePageWriter.rootPage(projects);
    }

    /** A project page ({@code simple/<project>/}). */
    public static byte[] projectPage(String project, List<IndexLink> links) {
        return SimplePageWriter.projectPage(project, pageLinks(links));
    }

    /** A flat page of file links, for {@code pip install --find-links <url>/index.html}. */
    public static byte[] flatPage(String title, List<IndexLink> links) {
        return SimplePageWriter.flatPage(title, pageLinks(links));
    }

    /** HTML escaping for text and double- or single-quoted attribute values. */
    public static String escape(String text) {
        return SimplePageWriter.escape(text);
    }

    private static List<PageLink> pageLinks(List<IndexLink> links) {
        return links.stream().map(l -> new PageLink(l.href(), l.fileName(), l.requiresPython(), l.metadataSha256())).toList();
    }
}
