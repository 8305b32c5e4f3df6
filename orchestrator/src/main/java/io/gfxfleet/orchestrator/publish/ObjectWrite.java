package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One object a publish puts: either a file from disk or an in-memory body (a page, a
 * {@code .metadata} file), with its digest known up front for idempotency checks, and the
 * {@link Stage} that orders it against the others.
 */
public record ObjectWrite(String key, Optional<Path> file, Optional<byte[]> body, String contentType, String sha256,
                          long size, Stage stage) {
    /**
     * Write order of a publish: every object of one stage is stored before any of the next is
     * started, so a live index never links to something missing, and discovery never sees a
     * manifest of an incomplete index. Within a stage, objects go up in parallel.
     */
    public enum Stage {
        /** Distribution files: immutable once published (different bytes are refused unless overwriting). */
        FILE,
        /** PEP 658 {@code .metadata} files. */
        METADATA,
        /** The flat {@code --find-links} page. */
        FLAT_PAGE,
        /** PEP 503 project pages. */
        PROJECT_PAGE,
        /** The PEP 503 root page. */
        ROOT_PAGE,
        /** {@code run.json}: last, as discovery takes its presence to mean the index is complete. */
        MANIFEST
    }

    public ObjectWrite {
        ObjectKey.require(key);
        if (file.isPresent() == body.isPresent()) {
            throw new IllegalArgumentException("an object write has either a file or a body: " + key);
        }
        if (stage == null) {
            throw new IllegalArgumentException("an object write needs a stage: " + key);
        }
    }

    public static ObjectWrite ofFile(String key, DistributionFile dist) {
        return new ObjectWrite(key, Optional.of(dist.path()), Optional.empty(),
                ObjectTarget.contentTypeFor(dist.kind()), dist.sha256(), dist.size(), Stage.FILE);
    }

    public static ObjectWrite ofBody(String key, byte[] body, String contentType, Stage stage) {
        return new ObjectWrite(key, Optional.empty(), Optional.of(body), contentType, Sha256.of(body), body.length, stage);
    }

    /**
     * Pages and the manifest change as a run or the deps index grows: readers must not cache them.
     * Files and their metadata are immutable once published.
     */
    public String cacheControl() {
        return stage == Stage.FILE || stage == Stage.METADATA ? ObjectTarget.IMMUTABLE : ObjectTarget.NO_CACHE;
    }

    void writeTo(ObjectTarget target) throws IOException {
        if (file.isPresent()) {
            target.put(key, file.get(), contentType);
        } else {
            target.put(key, body.get(), contentType);
        }
    }
}
