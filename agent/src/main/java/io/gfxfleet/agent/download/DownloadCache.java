package io.gfxfleet.agent.download;

import io.gfxfleet.protocol.hash.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agent's own download cache: package files keyed by the SHA-256 their index page gives
 * ({@code #sha256=}), at {@code sha256/<hex>/<file name>}. A file enters only through a
 * {@link Fill} whose bytes hash to that key; on every use the entry must still be exactly what
 * was verified (size, modification and change times, inode, as sealed after the check), otherwise
 * it is hashed again and, when it no longer matches, deleted, so the caller fetches it anew. pip
 * checks the hash of every file it installs as well, so bits that rot under an unchanged seal fail
 * an install; they are never installed.
 */
public final class DownloadCache {
    private static final Logger log = LoggerFactory.getLogger(DownloadCache.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A distribution file name as it may appear in a path: no separators, no leading dot. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+!-]{0,254}");
    private static final String SEAL_SUFFIX = ".seal";

    private final Path root;

    public DownloadCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** Whether a key and file name can be cached (a lowercase hex SHA-256 and a plain file name). */
    public static boolean cacheable(String sha256, String fileName) {
        return sha256 != null && SHA256.matcher(sha256).matches() && fileName != null && FILE_NAME.matcher(fileName).matches()
                && !fileName.contains("..");
    }

    /**
     * The cached file with this content and name, verified as described above; empty when there is
     * none (or there was one that no longer matched, now deleted).
     */
    public Optional<Path> lookup(String sha256, String fileName) {
        if (!cacheable(sha256, fileName)) {
            return Optional.empty();
        }
        Path entry = entryDir(sha256);
        Path file = entry.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (seal(file).equals(readSeal(file))) {
                markUsed(file);
                return Optional.of(file);
            }
            if (sha256(file).equals(sha256)) {
                writeSeal(file);
                return Optional.of(file);
            }
            log.warn("download cache: {} no longer hashes to {}; deleted, it will be fetched again", file, sha256);
        } catch (IOException e) {
            log.warn("download cache: cannot check {} ({}); deleting it", file, e.toString());
        }
        delete(file);
        return Optional.empty();
    }

    /** Starts storing a file expected to hash to {@code sha256}; nothing is visible before {@link Fill#commit()}. */
    public Fill fill(String sha256, String fileName) throws IOException {
        if (!cacheable(sha256, fileName)) {
            throw new IllegalArgumentException("not a cacheable file: " + fileName + " sha256=" + sha256);
        }
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        return new Fill(sha256, fileName, Files.createTempFile(tmp, "fill-", ".part"));
    }

    /** Bytes on their way into the cache, hashed as they are written. */
    public final class Fill implements AutoCloseable {
        private final String sha256;
        private final String fileName;
        private final Path part;
        private final OutputStream out;
        private final MessageDigest digest = Sha256.digest();
        private boolean done;

        private Fill(String sha256, String fileName, Path part) throws IOException {
            this.sha256 = sha256;
            this.fileName = fileName;
            this.part = part;
            this.out = Files.newOutputStream(part);
        }

        public void write(byte[] bytes, int offset, int length) throws IOException {
            digest.update(bytes, offset, length);
            out.write(bytes, offset, length);
        }

        /**
         * Publishes the file when its bytes hash to the expected key; returns the cached path, or
         * empty (and keeps nothing) when they do not.
         */
        public Optional<Path> commit() throws IOException {
            done = true;
            out.close();
            String actual = Sha256.hex(digest);
            if (!actual.equals(sha256)) {
                Files.deleteIfExists(part);
                log.warn("download cache: {} hashed to {}, the index said {}; not cached", fileName, actual, sha256);
                return Optional.empty();
            }
            part.toFile().setReadOnly();
            Path entry = entryDir(sha256);
            Files.createDirectories(entry);
            Path file = entry.resolve(fileName);
            try {
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
            writeSeal(file);
            return Optional.of(file);
        }

        /** Drops what was written (the download failed or was abandoned). */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    out.close();
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    log.warn("download cache: cannot delete {}: {}", part, e.toString());
                }
            }
        }
    }

    /**
     * Deletes the least recently used files until the cache holds at most {@code maxBytes} (a
     * file's seal is touched each time it is used), and what unfinished fills left behind.
     */
    public void trimTo(long maxBytes) {
        try {
            Path tmp = root.resolve("tmp");
            if (Files.isDirectory(tmp)) {
                try (Stream<Path> parts = Files.list(tmp)) {
                    for (Path part : parts.toList()) {
                        Files.deleteIfExists(part);
                    }
                }
            }
            Path entries = root.resolve("sha256");
            if (!Files.isDirectory(entries)) {
                return;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(entries, 2)) {
                files = walk.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).toList();
            }
            long total = 0;
            Map<Path, Long> lastUsed = new HashMap<>();
            for (Path f : files) {
                total += Files.size(f);
                Path seal = sealOf(f);
                lastUsed.put(f, Files.isRegularFile(seal) ? Files.getLastModifiedTime(seal).toMillis() : 0L);
            }
            List<Path> oldestFirst = new ArrayList<>(files);
            oldestFirst.sort(Comparator.comparing(lastUsed::get));
            for (Path f : oldestFirst) {
                if (total <= maxBytes) {
                    break;
                }
                long size = Files.size(f);
                delete(f);
                try {
                    Files.deleteIfExists(f.getParent());
                } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
                    // another name for the same bytes is still cached
                }
                total -= size;
            }
        } catch (IOException e) {
            log.warn("download cache: cannot trim {}: {}", root, e.toString());
        }
    }

    private static void markUsed(Path file) {
        try {
            Files.setLastModifiedTime(sealOf(file), FileTime.from(Instant.now()));
        } catch (IOException e) {
            log.debug("download cache: cannot mark {} used: {}", file, e.toString());
        }
    }

    private Path entryDir(String sha256) {
        return root.resolve("sha256").resolve(sha256);
    }

    /** What the file was when it was verified: any write, truncation, chmod or replacement changes it. */
    private static String seal(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
        return a.get("size") + " " + ((FileTime) a.get("lastModifiedTime")).toInstant() + " "
                + ((FileTime) a.get("ctime")).toInstant() + " " + a.get("ino") + " " + file.getFileName();
    }

    /** Beside each file, hidden (file names never start with a dot): what it was when last verified. */
    private static Path sealOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + SEAL_SUFFIX);
    }

    private static String readSeal(Path file) throws IOException {
        Path seal = sealOf(file);
        return Files.isRegularFile(seal) ? Files.readString(seal, StandardCharsets.UTF_8) : "";
    }

    private static void writeSeal(Path file) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".seal-", ".tmp");
        Files.writeString(tmp, seal(file), StandardCharsets.UTF_8);
        Files.move(tmp, sealOf(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String sha256(Path file) throws IOException {
        return Sha256.of(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(sealOf(file));
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("download cache: cannot delete {}: {}", file, e.toString());
        }
    }
}
