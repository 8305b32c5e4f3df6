package io.gfxfleet.orchestrator.store;

/** A database failure (not a caller's mistake): answered with 503 so that clients retry. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
