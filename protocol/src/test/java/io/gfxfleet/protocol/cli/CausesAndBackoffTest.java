package io.gfxfleet.protocol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CausesAndBackoffTest {

    private static IOException sendTo(String url) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected " + url + " to fail");
    }

    @Test
    void aRefusedConnectionAndAnUnknownHostAreToldApartAndNeverSayNull() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // the JDK HTTP client's own exceptions, as the agent and submit meet them
        IOException refused = sendTo("http://127.0.0.1:" + closed + "/");
        IOException unknown = sendTo("http://no-such-host.invalid/");

        assertEquals(Causes.Network.REFUSED, Causes.network(refused).orElseThrow(), refused::toString);
        assertEquals(Causes.Network.UNKNOWN_HOST, Causes.network(unknown).orElseThrow(), unknown::toString);
        assertTrue(Causes.describe(refused).startsWith("connection refused"), Causes.describe(refused));
        assertTrue(Causes.describe(unknown).startsWith("unknown host"), Causes.describe(unknown));
        // a message-less exception says its kind, not "null"
        assertEquals("IOException: connection refused (nothing listens there: is it running, is the port right?)".substring(13),
                Causes.describe(new IOException(new ConnectException())));
        assertEquals("EOFException", Causes.describe(new java.io.EOFException()));
        assertFalse(Causes.describe(new IOException((String) null)).contains("null"));
    }

    @Test
    void aPlainSocketRefusalIsRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", closed), 2_000);
            throw new AssertionError("connected to a closed port");
        } catch (IOException e) {
            assertEquals(Causes.Network.REFUSED, Causes.network(e).orElseThrow());
        }
    }

    @Test
    void backoffIsJitteredCappedAndBounded() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(3));
        Set<Long> distinct = new HashSet<>();
        long total = 0;
        int n = 0;
        while (!b.exhausted()) {
            long ceiling = Math.min(800, 100L << Math.min(n, 30));
            long wait = b.next().toMillis();
            assertTrue(wait <= ceiling, "wait " + wait + " above the ceiling " + ceiling);
            distinct.add(wait);
            total += wait;
            n++;
            assertTrue(n < 1000, "never exhausted");
        }
        assertTrue(total <= 3000 && total >= 2990, "the waits add up to the bound: " + total);
        assertTrue(distinct.size() > n / 2, "jitter: " + distinct);
        b.reset();
        assertFalse(b.exhausted());
        assertEquals(0, b.attempts());
        assertFalse(Backoff.unbounded(Duration.ofMillis(1), Duration.ofMillis(2)).exhausted());
    }

    @Test
    void unknownFamiliesSuggestTheLikelyOne() {
        FamilyCatalogue c = FamilyCatalogue.bundled();
        assertEquals("gfx94X-dcgpu", c.nearMatches("gfx942").get(0), c.nearMatches("gfx942").toString());
        assertEquals(List.of("gfx94X-dcgpu"), c.nearMatches("gfx94x-dcgpu"));
        assertTrue(c.nearMatches("gfx110X-al").contains("gfx110X-all"), c.nearMatches("gfx110X-al").toString());
        String message = c.unknownFamilyMessage("gfx94x-dcgpu");
        assertTrue(message.startsWith("unknown GPU family 'gfx94x-dcgpu'; did you mean gfx94X-dcgpu? (known families: "), message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void theExitCodeTableIsTheContract() {
        assertEquals(List.of("0", "1", "2", "3", "4"), List.copyOf(ExitCode.table().keySet()));
        assertEquals(0, ExitCode.SUCCESS.code());
        assertEquals(1, ExitCode.TEST_FAILURES.code());
        assertEquals(2, ExitCode.USAGE.code());
        assertEquals(3, ExitCode.INFRA.code());
        assertEquals(4, ExitCode.REFUSED.code());
        assertTrue(BuildInfo.versionLine().startsWith("gfxfleet " + BuildInfo.VERSION + " (commit "), BuildInfo.versionLine());
    }
}
