package io.gfxfleet.orchestrator.logs;

import io.gfxfleet.orchestrator.publish.s3.S3Settings;

/**
 * Where job logs go and how big one may be.
 *
 * @param bucket   the S3 bucket for logs, or null to keep them in the database
 * @param prefix   key prefix in the bucket (empty or ending in '/')
 * @param maxBytes the largest log kept; a bigger upload is refused with 413
 */
public record JobLogSettings(S3Settings bucket, String prefix, long maxBytes) {
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    /** The largest cap one may set: a log is held in memory while it is stored. */
    public static final long LIMIT_MAX_BYTES = 256L * 1024 * 1024;

    public JobLogSettings {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the logs prefix must be empty or end in '/': '" + prefix + "'");
        }
        if (maxBytes < 1 || maxBytes > LIMIT_MAX_BYTES) {
            throw new IllegalArgumentException("the log size cap must be 1 byte to " + (LIMIT_MAX_BYTES >> 20) + " MiB, got " + maxBytes);
        }
    }

    public static JobLogSettings database() {
        return new JobLogSettings(null, "", DEFAULT_MAX_BYTES);
    }

    public JobLogSettings withMaxBytes(long bytes) {
        return new JobLogSettings(bucket, prefix, bytes);
    }
}
