package io.gfxfleet.orchestrator.publish;

/**
 * How a plan is applied.
 *
 * @param overwrite   replace distribution files already published with different bytes (refused otherwise)
 * @param parallelism objects put at the same time within a stage (and digests looked up at the same time)
 * @param listener    progress
 */
public record PublishOptions(boolean overwrite, int parallelism, TransferListener listener) {
    /**
     * Four objects (and up to four parts of multipart files) at a time: a build machine's few cores
     * are what a publish is short of, not connections. With 8 (and 8 part threads) a 211 MiB https
     * publish on 2 shared cores cost 8.0-8.6 s of client CPU against 7.1-7.5 s with 4 (per-thread CPU
     * from /proc, load 15-17); aws s3 sync sends 10 requests at a time, rclone 4 transfers.
     * {@code --parallel} raises it for a far, high-latency bucket.
     */
    public static final int DEFAULT_PARALLELISM = 4;
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
