package io.gfxfleet.orchestrator.http;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packages folder answers like the S3 publisher's bucket: files cacheable, pages revalidated. */
class PackageFilesTest {
    @TempDir
    static Path dir;
    static Orchestrator orchestrator;
    static final HttpClient http = HttpClient.newHttpClient();
    static final String GROUP = "1-linux/python/gfx94X-dcgpu/";

    @BeforeAll
    static void start() throws Exception {
        OrchestratorConfig config = OrchestratorConfig.embedded(dir, 0);
        Path group = config.packagesDir().resolve(GROUP);
        Files.createDirectories(group.resolve("dist"));
        Files.createDirectories(group.resolve("simple/rocm"));
        Files.writeString(group.resolve("dist/rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl"), "wheel bytes");
        Files.writeString(group.resolve("dist/rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl.metadata"), "Name: rocm-sdk-core\n");
        Files.writeString(group.resolve("dist/index.html"), "<a href=x>x</a>");
        Files.writeString(group.resolve("simple/rocm/index.html"), "<a href=y>y</a>");
        orchestrator = Orchestrator.start(config);
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + "/packages/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void distributionAndMetadataFilesMayBeKept() throws Exception {
        for (String file : new String[] {"rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl",
                "rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl.metadata"}) {
            HttpResponse<String> r = get(GROUP + "dist/" + file);
            assertEquals(200, r.statusCode(), file);
            assertEquals(Optional.of("public, max-age=604800, immutable"), r.headers().firstValue("cache-control"), file);
            // pip's HTTP cache needs a Date to judge freshness by.
            assertTrue(r.headers().firstValue("date").isPresent(), file);
        }
    }

    @Test
    void pagesAreAlwaysRevalidated() throws Exception {
        for (String page : new String[] {GROUP + "dist/", GROUP + "dist/index.html", GROUP + "simple/rocm/"}) {
            HttpResponse<String> r = get(page);
            assertEquals(200, r.statusCode(), page);
            assertEquals(Optional.of("no-cache,no-store,must-revalidate"), r.headers().firstValue("cache-control"), page);
        }
    }

    @Test
    void aMissingFileIsNotMadeCacheable() throws Exception {
        HttpResponse<String> r = get(GROUP + "dist/rocm-9.9.9.tar.gz");
        assertEquals(404, r.statusCode());
        assertFalse(r.headers().firstValue("cache-control").isPresent(), r.headers().toString());
    }
}
