package io.gfxfleet.orchestrator.publish.mirror;

import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.protocol.pep.Pep440Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upstream page written as real indexes write them: every href quoting style, entities, relative and absolute URLs. */
class UpstreamIndexTest {

    @Test
    void unquotedSingleQuotedEntityAndAbsoluteHrefsAreAllRead(@TempDir Path dir) throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        byte[] wheel = "wheel bytes".getBytes(StandardCharsets.UTF_8);
        byte[] sdist = "sdist bytes".getBytes(StandardCharsets.UTF_8);
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        Files.write(files.resolve("six-1.16.0-py2.py3-none-any.whl"), wheel);
        Files.write(files.resolve("six-1.16.0.tar.gz"), sdist);
        Files.write(files.resolve("six-1.17.0.tar.gz"), other);
        Path simple = Files.createDirectories(dir.resolve("simple/six"));
        String page = "<!DOCTYPE html><html><body>\n"
                // unquoted and relative
                + "<a href=../../files/six-1.16.0-py2.py3-none-any.whl#sha256=" + Sha256.of(wheel) + ">six-1.16.0-py2.py3-none-any.whl</a><br>\n"
                // single-quoted, absolute, with a character reference in the path
                + "<a href='" + files.toUri() + "six&#45;1.16.0.tar.gz#sha256=" + Sha256.of(sdist) + "' data-requires-python='&gt;=2.7'>six-1.16.0.tar.gz</a><br>\n"
                // another version: read, then left out
                + "<a href=\"../../files/six-1.17.0.tar.gz#sha256=" + Sha256.of(other) + "\">six-1.17.0.tar.gz</a>\n"
                + "</body></html>";
        Files.writeString(simple.resolve("index.html"), page);

        UpstreamIndex index = new UpstreamIndex(dir.resolve("simple").toUri().toString());
        List<UpstreamIndex.Link> links = index.files(new PinnedRequirement("six", new Pep440Version("1.16.0")));
        assertEquals(List.of("six-1.16.0-py2.py3-none-any.whl", "six-1.16.0.tar.gz"),
                links.stream().map(l -> l.name().fileName()).toList());
        assertEquals(Sha256.of(sdist), links.get(1).sha256());

        Path out = Files.createDirectories(dir.resolve("out"));
        for (UpstreamIndex.Link l : links) {
            Path got = index.download(l, out);
            assertTrue(Files.isRegularFile(got), got.toString());
        }
        assertEquals(Sha256.of(wheel), Sha256.of(out.resolve("six-1.16.0-py2.py3-none-any.whl")));
    }

    @Test
    void aLinkWithoutDigestIsRefusedWhateverItsQuoting(@TempDir Path dir) throws Exception {
        Path simple = Files.createDirectories(dir.resolve("simple/six"));
        Files.writeString(simple.resolve("index.html"), "<a href=six-1.16.0.tar.gz>six-1.16.0.tar.gz</a>");
        UpstreamIndex index = new UpstreamIndex(dir.resolve("simple").toUri().toString());
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> index.files(new PinnedRequirement("six", new Pep440Version("1.16.0"))));
        assertTrue(e.getMessage().contains("no #sha256= fragment"), e.getMessage());
    }
}
