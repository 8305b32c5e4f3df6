package io.gfxfleet.orchestrator.publish;

/**
 * How a plan is applied.
 *
 * @param overwrite   replace distribution files already published with different bytes (refused otherwise)
 * @param parallelism objects put at the same time within a stage (and digests looked up at the same time)
 * @param listener    progress
 */
public record PublishOptions(boolean overwrite, int parallelism, TransferListener listener) {
    public static final int DEFAULT_PARALLELISM = 8;
    public static final PublishOptions DEFAULT = new PublishOptions(false, DEFAULT_PARALLELISM, TransferListener.NONE);

    public PublishOptions {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism must be 1-256, got " + parallelism);
        }
        listener = listener == null ? TransferListener.NONE : listener;
    }

    public PublishOptions withOverwrite(boolean value) {
        return new PublishOptions(value, parallelism, listener);
    }

    public PublishOptions withListener(TransferListener value) {
        return new PublishOptions(overwrite, parallelism, value);
    }
}
