package io.gfxfleet.orchestrator.publish;

/**
 * A publish that must not happen: an invalid distribution file, or one that would break an
 * index invariant (a rocm package in the deps index, a dependency or a second version in a run
 * index). The message names the offending file.
 */
public final class PublishRefusedException extends RuntimeException {
    public PublishRefusedException(String message) {
        super(message);
    }

    public PublishRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
