package io.gfxfleet.agent.download;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's rewrite reads pages as an HTML parser does, and leaves pip no link it did not judge. */
class IndexPageParsingTest {

    @Test
    void unquotedHrefsAreRelinkedAndTheRestOfThePageKeptAsServed() {
        String page = "<!DOCTYPE html>\n<body>\n  <a href=a-1.0.tar.gz data-requires-python=&gt;=3.9>a-1.0.tar.gz</a><br>\n</body>";
        List<URI> seen = new ArrayList<>();
        String out = IndexPage.rewrite(page, URI.create("http://h/simple/a/"), u -> {
            seen.add(u);
            return new IndexPage.Link("http://127.0.0.1:9/a-1.0.tar.gz", true);
        });
        assertEquals(List.of(URI.create("http://h/simple/a/a-1.0.tar.gz")), seen);
        assertEquals("<!DOCTYPE html>\n<body>\n  <a href=\"http://127.0.0.1:9/a-1.0.tar.gz\" data-requires-python=\"&gt;=3.9\">"
                + "a-1.0.tar.gz</a><br>\n</body>", out);
    }

    @Test
    void tagsAnOlderParserWouldSeeInTextAreMadeText() {
        // Python's html.parser before 3.13 reads <title> and comments' neighbours differently from HTML5:
        // what it could take for a tag must not reach pip unjudged.
        String page = "<title><a href=http://evil.example/x.whl><base href=http://evil.example/></title>"
                + "<a href=ok-1.0.tar.gz>ok</a>";
        String out = IndexPage.rewrite(page, URI.create("http://h/simple/ok/"), u -> new IndexPage.Link("http://127.0.0.1:9/ok", true));
        assertFalse(out.contains("<a href=http://evil"), out);
        assertFalse(out.contains("<base"), out);
        assertTrue(out.contains("&lt;a href=http://evil.example/x.whl>"), out);
        assertTrue(out.contains("<a href=\"http://127.0.0.1:9/ok\">ok</a>"), out);
    }

    @Test
    void aRefusedLinkLosesItsHrefButKeepsItsText() {
        String out = IndexPage.rewrite("<a href='http://evil.example/x.whl' data-core-metadata=true>x.whl</a>",
                URI.create("http://h/simple/x/"), u -> null);
        assertEquals("<a>x.whl</a>", out);
    }
}
