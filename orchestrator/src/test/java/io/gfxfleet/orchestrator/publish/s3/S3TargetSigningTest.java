package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.ObjectWrite;
import io.gfxfleet.orchestrator.publish.Sha256;
import io.gfxfleet.orchestrator.publish.TransferListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * S3Target against an S3Proxy that checks signatures and signed payloads as S3 does (plain http: the
 * SDK's own signer signs each body's SHA-256): what is put is stored exactly, in one piece or in
 * parts, and bytes that no longer match the digest the index was written with are never stored.
 *
 * <p>Content types here have no parameters: S3Proxy's Jetty rewrites {@code text/html; charset=utf-8}
 * before checking the signature, so it refuses any client's signature over such a header (the SDK's
 * own signer included); the anonymous server of the end-to-end tests does not check signatures.
 */
class S3TargetSigningTest {
    static S3ProxyServer server;
    static S3Target target;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(true);
        target = server.target(server.bucket("signed"));
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
        server.close();
    }

    @Test
    void aSignedBodyIsStoredWithItsDigest() throws IOException {
        byte[] body = "{\"run_id\": \"1\"}".getBytes(StandardCharsets.UTF_8);
        target.put(ObjectWrite.ofBody("run/run.json", body, ObjectTarget.JSON, ObjectWrite.Stage.MANIFEST),
                TransferListener.NONE);
        assertArrayEquals(body, target.get("run/run.json").orElseThrow());
        assertEquals(Optional.of(Sha256.of(body)), target.sha256Of("run/run.json"));
    }

    @Test
    void everyKindOfObjectIsSignedAsTheServerChecksIt() throws IOException {
        // Content type and Cache-Control are signed headers. S3Proxy (Jetty) reads "charset=utf-8" as
        // "charset=UTF-8" and then finds the signature wrong: the types are spelled as it reads them.
        for (String type : List.of(ObjectTarget.HTML, ObjectTarget.METADATA, ObjectTarget.WHEEL, ObjectTarget.JSON)) {
            for (ObjectWrite.Stage stage : List.of(ObjectWrite.Stage.MANIFEST, ObjectWrite.Stage.METADATA)) {
                byte[] body = ("<p>" + type + " " + stage + "</p>").getBytes(StandardCharsets.UTF_8);
                String key = "run/" + stage + "/" + type.replaceAll("[^a-z]", "_");
                target.put(ObjectWrite.ofBody(key, body, type, stage), TransferListener.NONE);
                assertArrayEquals(body, target.get(key).orElseThrow(), key);
            }
        }
    }

    @Test
    void aDigestThatDoesNotMatchTheBodyIsRefusedBeforeSending() {
        byte[] body = "the bytes sent".getBytes(StandardCharsets.UTF_8);
        String other = Sha256.of("other bytes".getBytes(StandardCharsets.UTF_8));
        ObjectWrite wrong = new ObjectWrite("run/wrong.json", Optional.empty(), Optional.of(body),
                ObjectTarget.JSON, other, body.length, ObjectWrite.Stage.MANIFEST);
        IOException e = assertThrows(IOException.class, () -> target.put(wrong, TransferListener.NONE));
        assertTrue(e.getMessage().contains("no longer match the SHA-256"), e.getMessage());
        assertEquals(Optional.empty(), assertDoesNotThrowGet("run/wrong.json"));
    }

    @Test
    void aFileChangedAfterItWasHashedForTheIndexIsRefused() throws IOException {
        // The index names the digest the plan computed; the bytes uploaded later must be those bytes.
        Path file = tmp.resolve("pkg.whl");
        Files.write(file, "first content".getBytes(StandardCharsets.UTF_8));
        String planned = Sha256.of(file);
        Files.write(file, "other content".getBytes(StandardCharsets.UTF_8));
        ObjectWrite w = new ObjectWrite("run/dist/pkg.whl", Optional.of(file), Optional.empty(), ObjectTarget.WHEEL,
                planned, Files.size(file), ObjectWrite.Stage.FILE);
        IOException e = assertThrows(IOException.class, () -> target.put(w, TransferListener.NONE));
        assertTrue(e.getMessage().contains("no longer match the SHA-256"), e.getMessage());
        assertEquals(Optional.empty(), assertDoesNotThrowGet("run/dist/pkg.whl"));
    }

    @Test
    void aMultipartUploadIsSignedAndStoredWhole() throws IOException {
        byte[] bytes = new byte[S3Target.PART_SIZE * 2 + 4321];
        new Random(7).nextBytes(bytes);
        Path file = tmp.resolve("big.whl");
        Files.write(file, bytes);
        ObjectWrite w = new ObjectWrite("run/dist/big.whl", Optional.of(file), Optional.empty(), ObjectTarget.WHEEL,
                Sha256.of(file), bytes.length, ObjectWrite.Stage.FILE);
        target.put(w, TransferListener.NONE);
        assertEquals(Sha256.of(bytes), Sha256.of(target.get("run/dist/big.whl").orElseThrow()));
        assertEquals(Optional.of(Sha256.of(bytes)), target.sha256Of("run/dist/big.whl"));
    }

    private static Optional<byte[]> assertDoesNotThrowGet(String key) {
        try {
            return target.get(key);
        } catch (IOException e) {
            throw new AssertionError("GET " + key + " failed", e);
        }
    }
}
