package io.gfxfleet.orchestrator.discovery;

import io.gfxfleet.orchestrator.publish.s3.S3Settings;

import java.time.Duration;

/**
 * Where and how often the orchestrator looks for published runs.
 *
 * @param bucket   the bucket publishes go to
 * @param prefix   only keys under this prefix (e.g. a fork's {@code owner-repo/}); empty for all
 * @param interval time between polls, 200 ms to 1 hour
 */
public record DiscoverySettings(S3Settings bucket, String prefix, Duration interval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration MIN = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofHours(1);

    public DiscoverySettings {
        if (bucket == null) {
            throw new IllegalArgumentException("discovery needs a bucket");
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("discovery prefix must end in '/': '" + prefix + "'");
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.compareTo(MIN) < 0 || interval.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("discovery interval must be between 200ms and 1h, got " + interval);
        }
    }
}
