package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.hash.Sha256;

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
     * Write order of a publish: a stage starts once every object of the stages before it is stored
     * (unless it {@linkplain #startsWithPrevious() starts with the previous one}), so a live index
     * never links to something missing, and discovery never sees a manifest of an incomplete index.
     * Within a stage, objects go up in parallel.
     */
    public enum Stage {
        /** Distribution files: immutable once published (different bytes are refused unless overwriting). */
        FILE(false),
        /** PEP 658 {@code .metadata} files: only pages link to them, so they go up alongside the files. */
        METADATA(true),
        /** The flat {@code --find-links} page. */
        FLAT_PAGE(false),
        /** PEP 503 project pages: they link to files and metadata only, so they go up alongside the flat page. */
        PROJECT_PAGE(true),
        /** The PEP 503 root page: links to the project pages. */
        ROOT_PAGE(false),
        /** {@code run.json}: last, as discovery takes its presence to mean the index is complete. */
        MANIFEST(false);

        private final boolean startsWithPrevious;

        Stage(boolean startsWithPrevious) {
            this.startsWithPrevious = startsWithPrevious;
        }

        /** Whether this stage's objects are written together with the previous stage's, rather than after them. */
        public boolean startsWithPrevious() {
            return startsWithPrevious;
        }

        /** The stage whose wave this one's objects go up in: the previous one's, or its own. */
        public Stage wave() {
            return startsWithPrevious ? values()[ordinal() - 1] : this;
        }
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
