package io.gfxfleet.agent.download;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadCacheTest {
    @TempDir
    Path dir;

    @Test
    void aFillIsKeptOnlyWhenItsBytesMatchTheKey() throws Exception {
        DownloadCache cache = new DownloadCache(dir);
        byte[] bytes = "wheel bytes".getBytes(StandardCharsets.UTF_8);
        String sha = sha256(bytes);
        try (DownloadCache.Fill fill = cache.fill(sha, "a-1.0-py3-none-any.whl")) {
            fill.write(bytes, 0, bytes.length);
            Optional<Path> stored = fill.commit();
            assertTrue(stored.isPresent());
            assertEquals(stored, cache.lookup(sha, "a-1.0-py3-none-any.whl"));
        }
        String other = sha256("something else".getBytes(StandardCharsets.UTF_8));
        try (DownloadCache.Fill fill = cache.fill(other, "b-1.0-py3-none-any.whl")) {
            fill.write(bytes, 0, bytes.length);
            assertEquals(Optional.empty(), fill.commit());
        }
        assertEquals(Optional.empty(), cache.lookup(other, "b-1.0-py3-none-any.whl"));
        try (var parts = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, parts.count(), "no partial files left behind");
        }
    }

    @Test
    void aChangedEntryIsDeletedAndATouchedButIntactOneIsKept() throws Exception {
        DownloadCache cache = new DownloadCache(dir);
        byte[] bytes = new byte[4096];
        String sha = sha256(bytes);
        Path file;
        try (DownloadCache.Fill fill = cache.fill(sha, "c-1.0-py3-none-any.whl")) {
            fill.write(bytes, 0, bytes.length);
            file = fill.commit().orElseThrow();
        }
        file.toFile().setWritable(true);  // changes the seal (ctime), not the bytes: re-hashed and kept
        assertEquals(Optional.of(file), cache.lookup(sha, "c-1.0-py3-none-any.whl"));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(100);
            f.write(7);
        }
        assertEquals(Optional.empty(), cache.lookup(sha, "c-1.0-py3-none-any.whl"));
        assertFalse(Files.exists(file));
    }

    @Test
    void trimmingDropsTheLeastRecentlyUsedFilesFirst() throws Exception {
        DownloadCache cache = new DownloadCache(dir);
        byte[] a = new byte[1000];
        byte[] b = new byte[1000];
        b[0] = 1;
        Path first = store(cache, a, "a-1.0-py3-none-any.whl");
        Path second = store(cache, b, "b-1.0-py3-none-any.whl");
        Files.setLastModifiedTime(first.resolveSibling("." + first.getFileName() + ".seal"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(second.resolveSibling("." + second.getFileName() + ".seal"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        assertTrue(cache.lookup(sha256(a), "a-1.0-py3-none-any.whl").isPresent(), "a used just now");
        cache.trimTo(1500);
        assertTrue(Files.exists(first));
        assertFalse(Files.exists(second));
        assertFalse(Files.exists(second.getParent()));
        cache.trimTo(0);
        assertFalse(Files.exists(first));
    }

    private static Path store(DownloadCache cache, byte[] bytes, String name) throws Exception {
        try (DownloadCache.Fill fill = cache.fill(sha256(bytes), name)) {
            fill.write(bytes, 0, bytes.length);
            return fill.commit().orElseThrow();
        }
    }

    @Test
    void keysAndNamesThatCannotBePathsAreRefused() {
        DownloadCache cache = new DownloadCache(dir);
        String sha = "0".repeat(64);
        assertFalse(DownloadCache.cacheable("ABC", "a.whl"));
        assertFalse(DownloadCache.cacheable(sha, "../a.whl"));
        assertFalse(DownloadCache.cacheable(sha, "x/a.whl"));
        assertFalse(DownloadCache.cacheable(sha, ".hidden.whl"));
        assertEquals(Optional.empty(), cache.lookup(sha, "../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> cache.fill(sha, "a/../b.whl"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
