package io.gfxfleet.protocol.layout;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLocationTest {
    @Test
    void theMultiArchLayoutHasNoArtifactGroupAndItsPageLiesBesideTheFiles() {
        RunLayout l = RunLayout.multiArch("", "18431277851", Platform.LINUX);
        assertTrue(l.isMultiArch());
        assertEquals("18431277851-linux/python/", l.distFolder());
        assertEquals("18431277851-linux/python/index.html", l.findLinksKey());
        assertEquals("18431277851-linux/python/simple/", l.simpleFolder());
        assertEquals("18431277851-linux/python/run.json", l.manifestKey());
        assertEquals("../../", l.fromProjectPageToFiles());
        assertEquals("../../dist/", new RunLayout("", "1", Platform.LINUX, "gfx94X-dcgpu").fromProjectPageToFiles());
        assertFalse(RunLayout.isValidArtifactGroup("simple"), "would collide with a multi-arch run's simple/");
    }

    @Test
    void bothS3HostFormsAndAForksPrefixReadBackIntoTheLayout() {
        RunLocation a = RunLocation.parse("https://therock-ci-artifacts.s3.amazonaws.com/22001-linux/python/index.html").orElseThrow();
        RunLocation b = RunLocation.parse("https://therock-ci-artifacts.s3.us-east-2.amazonaws.com/22001-linux/python/index.html").orElseThrow();
        assertEquals(a, b);
        assertEquals(RunLayout.multiArch("", "22001", Platform.LINUX), a.layout());
        assertTrue(a.flatPage());
        RunLocation fork = RunLocation.parse(
                "https://therock-ci-artifacts-external.s3.amazonaws.com/someone-TheRock/7-windows/python/").orElseThrow();
        assertEquals(RunLayout.multiArch("someone-TheRock/", "7", Platform.WINDOWS), fork.layout());
    }

    @Test
    void perGroupPagesAndGfxfleetsOwnIndexesAreRecognised() {
        assertEquals(new RunLayout("", "5", Platform.LINUX, "gfx94X-dcgpu"),
                RunLocation.parse("https://b.s3.amazonaws.com/5-linux/python/gfx94X-dcgpu/index.html").orElseThrow().layout());
        RunLocation simple = RunLocation.parse("http://127.0.0.1:8080/packages/5-linux/python/gfx110X-all/simple/").orElseThrow();
        assertEquals(new RunLayout("", "5", Platform.LINUX, "gfx110X-all"), simple.layout());
        assertFalse(simple.flatPage());
        assertEquals(new RunLayout("", "5", Platform.LINUX, "gfx110X-all"),
                RunLocation.parse("file:///tmp/p/5-linux/python/gfx110X-all/dist/index.html").orElseThrow().layout());
        assertTrue(RunLocation.parse("http://127.0.0.1/5-linux/python/simple/").orElseThrow().layout().isMultiArch());
    }

    @Test
    void urlsOutsideARunFolderAreNotRunLocations() {
        assertEquals(Optional.empty(), RunLocation.parse("https://rocm.nightlies.amd.com/whl-multi-arch/"));
        assertEquals(Optional.empty(), RunLocation.parse("https://b.s3.amazonaws.com/python-deps/simple/"));
        assertEquals(Optional.empty(), RunLocation.parse("https://b.s3.amazonaws.com/5-macos/python/index.html"));
        assertEquals(Optional.empty(), RunLocation.parse("https://b.s3.amazonaws.com/5-linux/python/g/other/"));
        assertEquals(Optional.empty(), RunLocation.parse("not a url"));
    }

    @Test
    void s3UrlsHaveOneCanonicalForm() {
        assertEquals("https://bkt.s3.amazonaws.com/x/y", S3Url.canonical("https://bkt.s3.eu-west-1.amazonaws.com/x/y"));
        assertEquals("https://bkt.s3.amazonaws.com/x/y", S3Url.canonical("https://bkt.s3.amazonaws.com/x/y"));
        assertEquals("http://127.0.0.1:9000/b/x", S3Url.canonical("http://127.0.0.1:9000/b/x"));
        assertEquals("https://b.s3.evil.com/x", S3Url.canonical("https://b.s3.evil.com/x"));
        // The scheme stays (an https prefix must not admit plain http); a default port is no port.
        assertEquals("http://bkt.s3.amazonaws.com/x", S3Url.canonical("http://bkt.s3.us-east-2.amazonaws.com:80/x"));
        assertEquals("https://bkt.s3.amazonaws.com/x", S3Url.canonical("https://bkt.s3.amazonaws.com:443/x"));
        assertEquals("https://bkt.s3.amazonaws.com:8443/x", S3Url.canonical("https://bkt.s3.amazonaws.com:8443/x"));
        assertFalse(io.gfxfleet.protocol.url.IndexUrlPolicy.of(java.util.List.of("https://bkt.s3.amazonaws.com/runs/"))
                .permits("http://bkt.s3.us-east-2.amazonaws.com/runs/1-linux/python/index.html"));
    }
}
