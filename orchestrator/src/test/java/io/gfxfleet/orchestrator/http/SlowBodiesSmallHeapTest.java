package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 2: a 256 MiB orchestrator (a child JVM, as an operator runs it) facing clients
 * that send 33 MB bodies without a token on several connections at once. Before, every body was
 * buffered before authentication and the heap ran out; now each is answered 401 unread, and
 * {@code /health} keeps answering. Clients with a token are bounded by the body budget.
 */
class SlowBodiesSmallHeapTest {
    static final String AGENT = "agent-token-slow-bodies";
    static final int CONNECTIONS = 8;
    static final long BODY = 33_000_000L;

    @TempDir
    static Path dir;
    static Process orchestrator;
    static URI base;
    static final StringBuilder output = new StringBuilder();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "agent pool " + TokenRegistry.hash(AGENT) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        orchestrator = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.gfxfleet.orchestrator.cli.OrchestratorCli", "orchestrator", "serve", "--port", "0",
                "--data-dir", dir.resolve("data").toString(), "--tokens-file", tokens.toString())
                .redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(orchestrator.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            output.append(line).append('\n');
            int at = line.indexOf("gfxfleet orchestrator on ");
            if (at >= 0) {
                String url = line.substring(at + "gfxfleet orchestrator on ".length()).split(" ")[0];
                base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                break;
            }
        }
        assertTrue(base != null, "orchestrator did not start:\n" + output);
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the child exited
            }
        }, "orchestrator-output");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (orchestrator != null) {
            orchestrator.destroy();
            orchestrator.waitFor();
        }
    }

    static JsonNode health() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    static Socket open(String path, String token, long length) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: " + length + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void bodiesWithoutATokenAreNeverBufferedAndHealthKeepsAnswering() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            sockets.add(open("/api/v1/runs", null, BODY));
        }
        byte[] chunk = new byte[256 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        boolean[] cut = new boolean[CONNECTIONS];
        long sent = 0;
        int rounds = 0;
        // Round robin, so every connection's body is in flight at once, as the probe did.
        for (long offset = 0; offset < BODY; offset += chunk.length, rounds++) {
            int n = (int) Math.min(chunk.length, BODY - offset);
            for (int i = 0; i < CONNECTIONS; i++) {
                if (cut[i]) {
                    continue;
                }
                try {
                    OutputStream out = sockets.get(i).getOutputStream();
                    out.write(chunk, 0, n);
                    sent += n;
                } catch (IOException e) {
                    cut[i] = true; // the server gave up on this body: also fine
                }
            }
            if (rounds % 32 == 0) {
                assertEquals("ok", health().path("status").asText());
            }
        }
        for (Socket s : sockets) {
            if (!s.isClosed()) {
                try {
                    InputStream in = s.getInputStream();
                    String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                    assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 401"), answer);
                } catch (IOException e) {
                    // reset after the answer: the connection was cut, which is allowed
                }
                s.close();
            }
        }
        assertTrue(sent > BODY, "the bodies were really sent: " + sent + " bytes");
        JsonNode h = health();
        assertEquals("ok", h.path("status").asText());
        assertTrue(orchestrator.isAlive(), output.toString());
        synchronized (output) {
            assertFalse(output.toString().contains("OutOfMemoryError"), output.toString());
        }
    }

    @Test
    void bodiesWithATokenShareABoundedBudget() throws Exception {
        long large = 16L * 1024 * 1024;
        // A 256 MiB heap gives bodies a quarter of it: three or four 16 MiB results batches may be in flight.
        long budget = health().path("request_body_budget_bytes").asLong();
        int fit = (int) (budget / large);
        assertTrue(fit >= 2 && fit <= 4, "budget " + budget);
        List<Socket> holding = new ArrayList<>();
        for (int i = 0; i < fit; i++) {
            holding.add(open("/api/v1/leases/0bc81284-9479-4ab8-bfce-646ea854aac" + i + "/results", AGENT, large));
        }
        long reserved = 0;
        for (int i = 0; i < 200 && reserved < fit * large; i++) {
            reserved = health().path("request_body_bytes_reserved").asLong();
            if (reserved < fit * large) {
                Thread.sleep(50);
            }
        }
        assertEquals(fit * large, reserved, "the bodies in flight hold their share");
        try (Socket fifth = open("/api/v1/leases/0bc81284-9479-4ab8-bfce-646ea854aac9/results", AGENT, large)) {
            String status = new String(fifth.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 503", status);
        }
        for (Socket s : holding) {
            s.close();
        }
        for (int i = 0; i < 200 && reserved > 0; i++) {
            reserved = health().path("request_body_bytes_reserved").asLong();
            if (reserved > 0) {
                Thread.sleep(50);
            }
        }
        assertEquals(0, reserved, "closed connections give their share back");
    }
}
