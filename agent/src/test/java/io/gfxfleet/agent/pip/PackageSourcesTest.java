package io.gfxfleet.agent.pip;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PackageSourcesTest {
    @Test
    void twoIndexPatternOverHttpsTrustsNoHost() {
        PackageSources s = new PackageSources("https://bucket.s3.amazonaws.com/python-deps/simple/",
                "https://bucket.s3.amazonaws.com/1-linux/python/gfx94X-dcgpu/simple/", null);
        assertEquals(List.of("--index-url", "https://bucket.s3.amazonaws.com/python-deps/simple/",
                "--extra-index-url", "https://bucket.s3.amazonaws.com/1-linux/python/gfx94X-dcgpu/simple/"), s.pipArguments());
    }

    @Test
    void plainHttpHostsAreTrustedOnceEachSoPipCachesTheirFiles() {
        PackageSources s = new PackageSources("http://127.0.0.1:8080/packages/python-deps/simple/",
                "http://127.0.0.1:8080/packages/1-linux/python/gfx94X-dcgpu/simple/", null);
        assertEquals(List.of("--index-url", "http://127.0.0.1:8080/packages/python-deps/simple/",
                "--extra-index-url", "http://127.0.0.1:8080/packages/1-linux/python/gfx94X-dcgpu/simple/",
                "--trusted-host", "127.0.0.1:8080"), s.pipArguments());
    }

    @Test
    void onlyTheHttpSourceOfAMixedPairIsTrusted() {
        PackageSources s = new PackageSources(null, null, "http://mirror.example/run/dist/index.html");
        assertEquals(List.of("--no-index", "--find-links", "http://mirror.example/run/dist/index.html",
                "--trusted-host", "mirror.example"), s.pipArguments());
        PackageSources mixed = new PackageSources("https://deps.example/simple/", "http://mirror.example:81/simple/", null);
        assertEquals(List.of("--trusted-host", "mirror.example:81"),
                mixed.pipArguments().subList(4, mixed.pipArguments().size()));
    }
}
