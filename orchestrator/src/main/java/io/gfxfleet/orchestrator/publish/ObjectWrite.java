package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One object a publish puts: either a file from disk or an in-memory body (a page, a
 * {@code .metadata} file), with its digest known up front for idempotency checks.
 */
public record ObjectWrite(String key, Optional<Path> file, Optional<byte[]> body, String contentType, String sha256,
                          long size) {
    public ObjectWrite {
        ObjectKey.require(key);
        if (file.isPresent() == body.isPresent()) {
            throw new IllegalArgumentException("an object write has either a file or a body: " + key);
        }
    }

    public static ObjectWrite ofFile(String key, DistributionFile dist) {
        return new ObjectWrite(key, Optional.of(dist.path()), Optional.empty(),
                ObjectTarget.contentTypeFor(dist.kind()), dist.sha256(), dist.size());
    }

    public static ObjectWrite ofBody(String key, byte[] body, String contentType) {
        return new ObjectWrite(key, Optional.empty(), Optional.of(body), contentType, Sha256.of(body), body.length);
    }

    void writeTo(ObjectTarget target) throws IOException {
        if (file.isPresent()) {
            target.put(key, file.get(), contentType);
        } else {
            target.put(key, body.get(), contentType);
        }
    }
}
