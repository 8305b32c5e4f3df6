package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.publish.LocalFolderTarget;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishOptions;
import io.gfxfleet.orchestrator.publish.s3.S3Settings;
import io.gfxfleet.orchestrator.publish.s3.S3Target;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a publish writes: an S3 bucket ({@code --bucket}, with {@code --endpoint-url},
 * {@code --region}, {@code --path-style} for S3-compatible servers) or a local folder
 * ({@code --output-dir}). Credentials come from the usual AWS chain (environment, profile, role).
 * {@link #close()} releases the S3 client.
 */
public class TargetOptions implements AutoCloseable {
    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write the index into this local folder instead of a bucket (servable by any static HTTP server).")
    Path outputDir;

    @Option(names = "--bucket", paramLabel = "B", description = "S3 bucket to publish to.")
    String bucket;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "S3-compatible endpoint (e.g. http://127.0.0.1:9000); default: AWS.")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "R", defaultValue = S3Settings.DEFAULT_REGION,
            description = "S3 region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--path-style", description = "Address the bucket as ENDPOINT/BUCKET/KEY (needed by most S3-compatible servers).")
    boolean pathStyle;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + PublishOptions.DEFAULT_PARALLELISM,
            description = "Objects uploaded at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    private S3Target opened;

    /**
     * The configured target, or empty when none was given (allowed for a dry run).
     *
     * @throws IllegalArgumentException for contradictory or invalid options, naming them
     */
    public Optional<ObjectTarget> open() {
        if (parallel < 1 || parallel > 256) {
            throw new IllegalArgumentException("--parallel must be 1-256, got " + parallel);
        }
        if (outputDir != null && bucket != null) {
            throw new IllegalArgumentException("give --bucket or --output-dir, not both");
        }
        if (bucket == null && (endpointUrl != null || pathStyle)) {
            throw new IllegalArgumentException("--endpoint-url and --path-style need --bucket");
        }
        if (outputDir != null) {
            return Optional.of(new LocalFolderTarget(outputDir));
        }
        if (bucket != null) {
            if (opened == null) {
                opened = new S3Target(S3Settings.of(bucket, endpointUrl, region, pathStyle), parallel);
            }
            return Optional.of(opened);
        }
        return Optional.empty();
    }

    /** The configured target; fails with a usage message when there is none. */
    public ObjectTarget require() {
        return open().orElseThrow(() -> new IllegalArgumentException("no target: give --bucket B or --output-dir DIR"));
    }

    public int parallel() {
        return parallel;
    }

    @Override
    public void close() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }
}
