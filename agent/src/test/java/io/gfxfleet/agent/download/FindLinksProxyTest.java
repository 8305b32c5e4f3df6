package io.gfxfleet.agent.download;

import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.orchestrator.testkit.StaticIndexServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A find-links run through the agent's download proxy: the page is served at {@code /links/}, its
 * links (a {@code ../} one included) resolved against the upstream page and relinked through the
 * cache, and pip's reported URL maps back to the upstream file the page listed.
 */
class FindLinksProxyTest {
    @TempDir
    Path dir;

    @Test
    void aFlatPageIsRelinkedAndReportedUrlsMapBackToTheFilesItLists() throws Exception {
        Path root = dir.resolve("bucket");
        Path python = Files.createDirectories(root.resolve("77-linux/python/gfx94X-dcgpu"));
        byte[] core = "a shared wheel one folder up".getBytes();
        Files.write(python.getParent().resolve("rocm_sdk_core-7.13.0-py3-none-linux_x86_64.whl"), core);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(core));
        Files.writeString(python.resolve("index.html"), "<html><body>\n<a href=\"../rocm_sdk_core-7.13.0-py3-none-linux_x86_64.whl#sha256="
                + sha + "\">rocm_sdk_core-7.13.0-py3-none-linux_x86_64.whl</a>\n</body></html>\n");
        try (StaticIndexServer upstream = StaticIndexServer.start(root)) {
            String page = upstream.url("77-linux/python/gfx94X-dcgpu/index.html");
            PackageSources sources = new PackageSources(upstream.url("python-deps/simple/"), null, page);
            try (IndexProxy proxy = IndexProxy.start(sources, new DownloadCache(dir.resolve("cache")))) {
                assertEquals(List.of("--no-index", "--find-links", proxy.base() + "/links/"), proxy.pipArguments());
                assertEquals(List.of("--index-url", proxy.base() + "/deps/"), proxy.bootstrapArguments());

                HttpClient http = HttpClient.newHttpClient();
                String served = http.send(HttpRequest.newBuilder(URI.create(proxy.base() + "/links/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher href = Pattern.compile("href=\"([^\"#]+)#sha256=" + sha + "\"").matcher(served);
                assertTrue(href.find(), served);
                String link = href.group(1);
                assertTrue(link.startsWith(proxy.base() + "/files/links/" + sha + "/"), link);

                byte[] fetched = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                assertArrayEquals(core, fetched);
                assertEquals(upstream.url("77-linux/python/rocm_sdk_core-7.13.0-py3-none-linux_x86_64.whl"), proxy.upstreamUrl(link));
                assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(proxy.base() + "/links/other.html")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), "only the run's page is served there");
            }
        }
    }
}
