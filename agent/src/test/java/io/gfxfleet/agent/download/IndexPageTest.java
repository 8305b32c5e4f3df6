package io.gfxfleet.agent.download;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexPageTest {
    private static final String SHA = "e9a6e73b1efadbd5e5f775cc3e2f7515bd64abe3efba118b4fda1a8af767d390";

    @Test
    void relativeLinksAreResolvedAgainstThePageAndHandedOverWithTheirFragment() {
        String page = "<html><body>\n<a href=\"../../dist/rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl#sha256=" + SHA
                + "\" data-requires-python=\"&gt;=3.9\" data-dist-info-metadata=\"sha256=aa\" data-core-metadata=\"sha256=aa\">"
                + "rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl</a><br/>\n</body></html>";
        List<URI> seen = new ArrayList<>();
        String out = IndexPage.rewrite(page, URI.create("https://bucket.example/run-1/python/gfx94X/simple/rocm-sdk-core/"), u -> {
            seen.add(u);
            return new IndexPage.Link("file:///cache/x.whl#sha256=" + SHA, false);
        });
        assertEquals(List.of(URI.create("https://bucket.example/run-1/python/gfx94X/dist/rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl#sha256="
                + SHA)), seen);
        assertTrue(out.contains("<a href=\"file:///cache/x.whl#sha256=" + SHA + "\" data-requires-python=\"&gt;=3.9\">"), out);
        assertFalse(out.contains("metadata"), "metadata attributes dropped for a link pip reads in place: " + out);
        assertTrue(out.contains(">rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl</a><br/>"), out);
    }

    @Test
    void metadataAttributesStayWhenTheLinkKeepsThemAndEntitiesAreDecodedOnce() {
        String page = "<a href='pkg/a-1.0.tar.gz?x=1&amp;y=2#sha256=" + SHA + "' data-core-metadata=\"true\">a</a>";
        List<URI> seen = new ArrayList<>();
        String out = IndexPage.rewrite(page, URI.create("http://h:8080/simple/a/"), u -> {
            seen.add(u);
            return new IndexPage.Link("http://127.0.0.1:1/files/deps/" + SHA + "/a-1.0.tar.gz?q=1&r=2#sha256=" + SHA, true);
        });
        assertEquals("http://h:8080/simple/a/pkg/a-1.0.tar.gz?x=1&y=2#sha256=" + SHA, seen.get(0).toString());
        assertEquals("<a href=\"http://127.0.0.1:1/files/deps/" + SHA + "/a-1.0.tar.gz?q=1&amp;r=2#sha256=" + SHA
                + "\" data-core-metadata=\"true\">a</a>", out);
    }

    @Test
    void aBaseTagIsHonouredAndDropped() {
        String page = "<html><head><base href=\"https://mirror.example/files/\"></head><body><a href=\"b-2.0-py3-none-any.whl\">b</a></body></html>";
        List<URI> seen = new ArrayList<>();
        String out = IndexPage.rewrite(page, URI.create("https://index.example/simple/b/"), u -> {
            seen.add(u);
            return new IndexPage.Link(u.toString(), true);
        });
        assertEquals(URI.create("https://mirror.example/files/b-2.0-py3-none-any.whl"), seen.get(0));
        assertFalse(out.contains("<base"), out);
        assertTrue(out.contains("<a href=\"https://mirror.example/files/b-2.0-py3-none-any.whl\">b</a>"), out);
    }

    @Test
    void anchorsWithoutHrefAreLeftAlone() {
        String page = "<a name=\"top\">x</a>";
        assertEquals(page, IndexPage.rewrite(page, URI.create("http://h/simple/"), u -> {
            throw new AssertionError("no link to relink");
        }));
    }
}
