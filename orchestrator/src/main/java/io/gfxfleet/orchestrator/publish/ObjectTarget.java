package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where index objects go: a local folder, or an S3 bucket. Keys are validated by {@link ObjectKey};
 * a key ending in '/' is a page in its own right (S3 stores an object under that very key; a
 * folder stores it as {@code <key>index.html}), which is what lets pip read a PEP 503 tree from a
 * plain static server.
 *
 * <p>Index pages are written with content type {@link #HTML}; an implementation serving HTTP
 * should send them uncached (TheRock uses {@code Cache-Control: no-cache,no-store,must-revalidate}).
 */
public interface ObjectTarget {
    // The charset is spelled as S3-compatible servers on Jetty (S3Proxy) read it back: they
    // canonicalise "utf-8" to "UTF-8" before checking the signature, which covers Content-Type.
    String HTML = "text/html; charset=UTF-8";
    String WHEEL = "application/zip";
    String SDIST = "application/gzip";
    String METADATA = "text/plain; charset=UTF-8";
    String JSON = "application/json";
    /** What TheRock sends for index pages: a re-published run or a grown deps index is seen at once. */
    String NO_CACHE = "no-cache,no-store,must-revalidate";
    /**
     * For distribution and {@code .metadata} files: their bytes never change under one name (a
     * publish refuses different bytes unless {@code --overwrite}), so a runner's pip may keep them
     * without asking again; that is what makes an agent's second job of a run install from its
     * cache. Should an overwrite still meet an old copy, pip refuses it against the page's
     * {@code #sha256=} (pages are never cached), it never installs it.
     */
    String IMMUTABLE = "public, max-age=604800, immutable";

    void put(String key, Path file, String contentType) throws IOException;

    void put(String key, byte[] body, String contentType) throws IOException;

    /** The SHA-256 (hex) of the object stored under {@code key}, empty when absent or unknown. */
    Optional<String> sha256Of(String key) throws IOException;

    /** The body of a (small) object, empty when absent. */
    Optional<byte[]> get(String key) throws IOException;

    /**
     * Keys of the stored objects under {@code prefix} (recursive). A folder target reports a page
     * stored for key {@code a/} as {@code a/index.html}; callers filter by file name.
     */
    List<String> list(String prefix) throws IOException;

    /** For logs and messages: {@code folder /srv/index} or {@code s3://bucket}. */
    String describe();

    /**
     * Puts one planned object. The digest is already known (the plan computed it), so a target can
     * store it for idempotency checks without reading the file again; {@code listener} hears of
     * bytes as they are sent.
     */
    default void put(ObjectWrite write, TransferListener listener) throws IOException {
        write.writeTo(this);
        listener.bytesSent(write.size());
    }

    /**
     * The SHA-256 of every planned object the target already holds under {@code folder}, keyed by
     * object key (absent keys are left out). This default lists the folder once and looks up each
     * present key; a target whose listing carries enough to decide (S3's ETag) overrides it to
     * avoid a request per object.
     */
    default Map<String, String> storedDigests(String folder, List<ObjectWrite> planned) throws IOException {
        Set<String> listed = new HashSet<>(list(folder));
        Map<String, String> digests = new LinkedHashMap<>();
        for (ObjectWrite w : planned) {
            // A folder target reports the page of key "a/" as "a/index.html".
            boolean present = listed.contains(w.key())
                    || (ObjectKey.isFolderPage(w.key()) && listed.contains(w.key() + "index.html"));
            if (present) {
                sha256Of(w.key()).ifPresent(d -> digests.put(w.key(), d));
            }
        }
        return digests;
    }

    /** Where readers find the target's root over HTTP (or {@code file://}), ending in '/'; empty when unknown. */
    default Optional<String> baseUrl() {
        return Optional.empty();
    }

    /** The content type this module uses for a distribution file name. */
    static String contentTypeFor(DistributionKind kind) {
        return kind == DistributionKind.WHEEL ? WHEEL : SDIST;
    }
}
