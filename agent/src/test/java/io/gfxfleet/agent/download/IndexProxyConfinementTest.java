package io.gfxfleet.agent.download;

import com.sun.net.httpserver.HttpServer;
import io.gfxfleet.agent.pip.PackageSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, items 1 and 5, on the agent's side: its index proxy is no relay for other local
 * processes, and neither its own fetches nor the links it gives pip leave the job's index hosts.
 * Two real HTTP servers: the index, and an "evil" host that must never be asked for anything.
 */
class IndexProxyConfinementTest {
    static final String SHA = "e9a6e73b1efadbd5e5f775cc3e2f7515bd64abe3efba118b4fda1a8af767d390";

    @TempDir
    Path dir;
    HttpServer index;
    HttpServer evil;
    final List<String> evilRequests = new CopyOnWriteArrayList<>();
    IndexProxy proxy;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", ex -> {
            evilRequests.add(ex.getRequestURI().toString());
            byte[] page = "<a href=\"evil-1.0.tar.gz\">evil</a>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        evil.start();
        String evilBase = "http://127.0.0.1:" + evil.getAddress().getPort();
        index = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        index.createContext("/run/simple/rocm/", ex -> page(ex, "<a href=\"../../dist/rocm-7.10.0.tar.gz#sha256=" + SHA + "\">rocm</a>\n"
                + "<a href=\"" + evilBase + "/evil/rocm-7.10.0.tar.gz#sha256=" + SHA + "\">rocm</a>\n"
                + "<a href=\"" + evilBase + "/evil/rocm_sdk-7.10.0-py3-none-any.whl\">unhashed</a>\n"));
        index.createContext("/run/simple/moved/", ex -> {
            ex.getResponseHeaders().set("Location", evilBase + "/evil/simple/moved/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        index.createContext("/run/simple/here/", ex -> {
            ex.getResponseHeaders().set("Location", "/run/simple/rocm/");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        index.start();
        String indexBase = "http://127.0.0.1:" + index.getAddress().getPort();
        proxy = IndexProxy.start(new PackageSources(null, indexBase + "/run/simple/", null), new DownloadCache(dir.resolve("cache")));
    }

    static void page(com.sun.net.httpserver.HttpExchange ex, String html) throws java.io.IOException {
        byte[] page = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html");
        ex.sendResponseHeaders(200, page.length);
        ex.getResponseBody().write(page);
        ex.close();
    }

    @AfterEach
    void stop() {
        proxy.close();
        index.stop(0);
        evil.stop(0);
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String runIndex() {
        List<String> args = proxy.pipArguments();
        return args.get(args.indexOf("--extra-index-url") + 1);
    }

    @Test
    void theProxyPortAloneIsNotEnough() throws Exception {
        String origin = "http://127.0.0.1:" + URI.create(runIndex()).getPort();
        assertEquals(200, get(runIndex() + "rocm/").statusCode(), "pip's own URL works");
        assertEquals(404, get(origin + "/run/rocm/").statusCode(), "a local process knowing only the port gets nothing");
        assertEquals(404, get(origin + "/files/run/" + SHA + "/rocm-7.10.0.tar.gz").statusCode());
        Path secret = dir.resolve("cache").resolve(IndexProxy.SECRET_FILE);
        assertTrue(Files.isRegularFile(secret), "the secret is kept beside the port file");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(secret));
    }

    @Test
    void absoluteLinksOffTheIndexHostAreDroppedFromThePage() throws Exception {
        HttpResponse<String> page = get(runIndex() + "rocm/");
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(":" + evil.getAddress().getPort()), page.body());
        assertTrue(page.body().contains("rocm-7.10.0.tar.gz"), "the index's own link stays: " + page.body());
        assertTrue(evilRequests.isEmpty(), evilRequests.toString());
    }

    @Test
    void aRedirectOffTheIndexHostIsNotFollowed() throws Exception {
        HttpResponse<String> moved = get(runIndex() + "moved/");
        assertTrue(moved.statusCode() >= 400, "refused, got " + moved.statusCode() + ": " + moved.body());
        assertFalse(moved.body().contains("evil"), moved.body());
        assertTrue(evilRequests.isEmpty(), "the evil host was asked: " + evilRequests);
        assertEquals(200, get(runIndex() + "here/").statusCode(), "a redirect within the index host is followed");
    }

    @Test
    void encodedEscapesInPagePathsAreRefused() throws Exception {
        for (String escape : new String[] {"%2E%2E/%2E%2E/evil/", "..%2F..%2Fevil/", "%252e%252e/evil/"}) {
            HttpResponse<String> r = get(runIndex() + escape);
            assertTrue(r.statusCode() >= 400, escape + ": " + r.statusCode());
        }
    }

    /** A run published into a local folder (file://): its pages are read from disk, confined the same way. */
    @Test
    void aFileIndexIsReadFromDiskAndItsLinksAreConfined() throws Exception {
        Path run = Files.createDirectories(dir.resolve("published/run/simple/rocm"));
        Files.writeString(run.resolve("index.html"), "<a href=\"../../dist/rocm-7.10.0.tar.gz#sha256=" + SHA + "\">rocm</a>\n"
                + "<a href=\"http://127.0.0.1:" + evil.getAddress().getPort() + "/evil/rocm-7.10.0.tar.gz\">evil</a>\n");
        String runIndex = dir.resolve("published/run/simple").toUri().toString();
        try (IndexProxy local = IndexProxy.start(new PackageSources(null, runIndex, null), null, dir.resolve("state"),
                new PackageSources(null, runIndex, null).policy())) {
            List<String> args = local.pipArguments();
            HttpResponse<String> page = get(args.get(args.indexOf("--extra-index-url") + 1) + "rocm/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("href=\"" + dir.resolve("published/run/dist/rocm-7.10.0.tar.gz").toUri() + "#sha256=" + SHA),
                    page.body());
            assertFalse(page.body().contains("evil/"), page.body());
            assertEquals(List.of(), local.refusals().stream().filter(r -> !r.contains("/evil/")).toList());
            assertEquals(1, local.refusals().size(), local.refusals().toString());
        }
        assertTrue(evilRequests.isEmpty(), evilRequests.toString());
    }
}
