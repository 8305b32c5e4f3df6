package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.publish.LocalFolderTarget;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishOptions;
import io.gfxfleet.orchestrator.publish.s3.CaBundle;
import io.gfxfleet.orchestrator.publish.s3.S3Settings;
import io.gfxfleet.orchestrator.publish.s3.S3Target;
import picocli.CommandLine.Option;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

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

    @Option(names = "--ca-bundle", paramLabel = "PEM",
            description = "Trust these CA certificates (a PEM file) for an https endpoint instead of Java's own, as the AWS CLI's "
                    + "--ca-bundle; default: $AWS_CA_BUNDLE when set.")
    Path caBundle;

    @Option(names = "--path-style", description = "Address the bucket as ENDPOINT/BUCKET/KEY (needed by most S3-compatible servers).")
    boolean pathStyle;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + PublishOptions.DEFAULT_PARALLELISM,
            description = "Objects uploaded at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--anonymous",
            description = "Send unsigned requests (a bucket open to anonymous writes, or a test server). Default: AWS credentials "
                    + "from the environment, a profile or an instance role, and an error naming the fix when there are none.")
    boolean anonymous;

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
        if (bucket == null && (endpointUrl != null || pathStyle || caBundle != null)) {
            throw new IllegalArgumentException("--endpoint-url, --path-style and --ca-bundle need --bucket");
        }
        if (outputDir != null) {
            return Optional.of(new LocalFolderTarget(outputDir));
        }
        if (bucket != null) {
            if (opened == null) {
                Path trusted = caBundle();
                if (trusted != null) {
                    CaBundle.load(trusted); // fails now, naming the file, rather than at the first upload
                }
                opened = new S3Target(S3Settings.of(bucket, endpointUrl, region, pathStyle, trusted), parallel, credentials());
            }
            return Optional.of(opened);
        }
        return Optional.empty();
    }

    /** {@code --ca-bundle}, else {@code AWS_CA_BUNDLE} (as the AWS CLI reads it), else none. */
    private Path caBundle() {
        if (caBundle != null) {
            return caBundle;
        }
        String fromEnvironment = System.getenv(CaBundle.ENVIRONMENT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
    }

    /**
     * The AWS credentials chain, checked now: without credentials the SDK's chain would fall back
     * to anonymous requests and the bucket would answer a bare 403 AccessDenied.
     */
    private AwsCredentialsProvider credentials() {
        if (anonymous) {
            return AnonymousCredentialsProvider.create();
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("no AWS credentials for bucket " + bucket + ": set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or run with an instance role), or pass --anonymous "
                    + "for a bucket that takes unsigned writes");
        }
        return chain;
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
