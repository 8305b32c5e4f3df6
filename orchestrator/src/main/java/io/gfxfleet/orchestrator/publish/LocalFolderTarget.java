package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.hash.Sha256;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@link ObjectTarget} on the local file system, servable by any static HTTP server or
 * {@code file://} URL. Writes go through a temporary file and a rename, so a reader never sees
 * half a page.
 */
public final class LocalFolderTarget implements ObjectTarget {
    private final Path root;

    public LocalFolderTarget(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file that holds {@code key}: {@code <key>index.html} for a key ending in '/'. */
    public Path fileFor(String key) {
        ObjectKey.require(key);
        Path p = root.resolve(ObjectKey.isFolderPage(key) ? key + "index.html" : key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("object key escapes the target folder: '" + key + "'");
        }
        return p;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        Path dest = fileFor(key);
        Files.createDirectories(dest.getParent());
        Path tmp = Files.createTempFile(dest.getParent(), "." + dest.getFileName(), ".part");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            move(tmp, dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void put(String key, byte[] body, String contentType) throws IOException {
        Path dest = fileFor(key);
        Files.createDirectories(dest.getParent());
        Path tmp = Files.createTempFile(dest.getParent(), "." + dest.getFileName(), ".part");
        try {
            Files.write(tmp, body);
            move(tmp, dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<String> sha256Of(String key) throws IOException {
        Path p = fileFor(key);
        return Files.isRegularFile(p) ? Optional.of(Sha256.of(p)) : Optional.empty();
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path p = fileFor(key);
        return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path base = prefix.isEmpty() ? root : root.resolve(ObjectKey.require(prefix)).normalize();
        if (!base.startsWith(root) || !Files.isDirectory(base)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".part"))
                    .forEach(p -> keys.add(root.relativize(p).toString().replace('\\', '/')));
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public Optional<String> baseUrl() {
        String uri = root.toUri().toString();
        return Optional.of(uri.endsWith("/") ? uri : uri + "/");
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    private static void move(Path tmp, Path dest) throws IOException {
        try {
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
