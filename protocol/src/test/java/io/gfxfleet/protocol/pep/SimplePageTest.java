package io.gfxfleet.protocol.pep;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimplePageTest {
    private static final String SHA = "e9a6e73b1efadbd5e5f775cc3e2f7515bd64abe3efba118b4fda1a8af767d390";
    private static final URI PAGE = URI.create("https://index.example/simple/a/");

    @Test
    void doubleSingleAndUnquotedHrefsAreReadWithEntitiesDecodedOnce() {
        String html = "<a href=\"a-1.0.tar.gz#sha256=" + SHA + "\">a-1.0.tar.gz</a>\n"
                + "<A HREF='../../dist/a-1.1.tar.gz?x=1&amp;y=2'>a-1.1</A>\n"
                + "<a href=https://files.example/a-1.2.tar.gz data-requires-python=&gt;=3.9>a-1.2</a>\n"
                + "<a href=\"&#x2F;abs&#47;a-1.3.tar.gz\">a &amp; b</a>";
        SimplePage page = SimplePage.parse(html, PAGE);
        List<Anchor> links = page.links();
        assertEquals(4, links.size());
        assertEquals("a-1.0.tar.gz#sha256=" + SHA, links.get(0).href());
        assertEquals(Optional.of(SHA), links.get(0).sha256());
        assertEquals(URI.create("https://index.example/dist/a-1.1.tar.gz?x=1&y=2"), links.get(1).resolve(page.base()));
        assertEquals(URI.create("https://files.example/a-1.2.tar.gz"), links.get(2).resolve(page.base()));
        assertEquals(Optional.of(">=3.9"), links.get(2).requiresPython());
        assertEquals(URI.create("https://index.example/abs/a-1.3.tar.gz"), links.get(3).resolve(page.base()));
        assertEquals("a & b", links.get(3).text());
    }

    @Test
    void theFirstBaseTagIsWhatLinksResolveAgainst() {
        String html = "<head><base href='https://mirror.example/files/'><base href='https://other.example/'></head>"
                + "<a href=b-2.0-py3-none-any.whl>b</a>";
        SimplePage page = SimplePage.parse(html, PAGE);
        assertEquals(URI.create("https://mirror.example/files/"), page.base());
        assertEquals(2, page.baseTags().size());
        assertEquals("<base href='https://mirror.example/files/'>",
                html.substring(page.baseTags().get(0)[0], page.baseTags().get(0)[1]));
        assertEquals(URI.create("https://mirror.example/files/b-2.0-py3-none-any.whl"), page.links().get(0).resolve(page.base()));
    }

    @Test
    void startTagsAreLocatedInTheSourceAndTagsInTextAreReportedAsStray() {
        String html = "<title><a href=x></title><!-- <a href=y> --><p><a data-core-metadata=true href=\"z\">z</a>";
        SimplePage page = SimplePage.parse(html, PAGE);
        assertEquals(1, page.links().size(), "a browser reads one anchor");
        Anchor z = page.links().get(0);
        assertEquals("<a data-core-metadata=true href=\"z\">", html.substring(z.tagStart(), z.tagEnd()));
        assertEquals(Optional.of("true"), z.coreMetadata());
        assertEquals(List.of(html.indexOf("<a href=x>"), html.indexOf("<a href=y>")), page.strayTagOpenings());
    }

    @Test
    void anAnchorWithoutHrefIsAnAnchorButNoLink() {
        SimplePage page = SimplePage.parse("<a name=top>top</a>", PAGE);
        assertEquals(1, page.anchors().size());
        assertNull(page.anchors().get(0).href());
        assertEquals(List.of(), page.links());
    }

    @Test
    void theOlderMetadataAttributeIsReadWhenTheNewOneIsMissing() {
        Anchor a = SimplePage.parse("<a href=x data-dist-info-metadata=\"sha256=" + SHA + "\">x</a>", PAGE).links().get(0);
        assertEquals(Optional.of("sha256=" + SHA), a.coreMetadata());
        assertEquals(Optional.empty(), a.sha256());
    }

    @Test
    void aPageOverTheBoundIsRefusedNotTruncated() throws IOException {
        byte[] big = new byte[SimplePage.MAX_BYTES + 1];
        assertThrows(SimplePage.PageTooLargeException.class, () -> SimplePage.read(new ByteArrayInputStream(big), PAGE));
        byte[] small = "<a href=x>x</a>".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, SimplePage.read(new ByteArrayInputStream(small), PAGE).links().size());
    }

    @Test
    void whatTheWriterWritesTheParserReadsBack() {
        PageLink link = new PageLink("../../dist/a_b-1.0%2Blocal-py3-none-any.whl#sha256=" + SHA, "a_b-1.0+local-py3-none-any.whl",
                Optional.of(">=3.9,<4"), Optional.of(SHA));
        String html = new String(SimplePageWriter.projectPage("a-b", List.of(link)), StandardCharsets.UTF_8);
        Anchor a = SimplePage.parse(html, PAGE).links().get(0);
        assertEquals(link.href(), a.href());
        assertEquals(link.text(), a.text());
        assertEquals(Optional.of(">=3.9,<4"), a.requiresPython());
        assertEquals(Optional.of("sha256=" + SHA), a.coreMetadata());
        assertEquals(Optional.of(SHA), a.sha256());

        String root = new String(SimplePageWriter.rootPage(List.of("b", "a-b")), StandardCharsets.UTF_8);
        assertEquals(List.of("a-b", "b"), SimplePage.parse(root, PAGE).links().stream().map(Anchor::text).toList());
    }

    @Test
    void startTagsEscapeEveryValue() {
        assertEquals("<a href=\"x?a=1&amp;b=&quot;2&quot;\" data-requires-python=\"&gt;=3.9\">",
                SimplePageWriter.startTag("x?a=1&b=\"2\"", Map.of("data-requires-python", ">=3.9").entrySet()));
        assertTrue(SimplePageWriter.encodeSegment("a+b c").equals("a%2Bb%20c"));
    }
}
