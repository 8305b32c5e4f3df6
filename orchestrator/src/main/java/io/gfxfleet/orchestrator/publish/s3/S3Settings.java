package io.gfxfleet.orchestrator.publish.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which bucket, on which S3 server, and how to address it.
 *
 * @param bucket      the bucket name (S3 naming rules)
 * @param endpoint    an S3-compatible server (MinIO, S3Proxy, ...); empty for AWS itself
 * @param region      the signing region
 * @param pathStyle   address the bucket as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}
 * @param caBundle    PEM certificates to trust for an https endpoint instead of the JVM's (see {@link CaBundle})
 */
public record S3Settings(String bucket, Optional<URI> endpoint, String region, boolean pathStyle, Optional<Path> caBundle) {
    // S3's rules, less the dotted-IP and prefix/suffix special cases.
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern REGION = Pattern.compile("^[a-z0-9-]{2,32}$");
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("bucket name must be 3-63 characters of [a-z0-9.-], starting and ending "
                    + "alphanumeric: '" + bucket + "'");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        endpoint.ifPresent(e -> {
            if (e.getScheme() == null || !(e.getScheme().equals("http") || e.getScheme().equals("https"))
                    || e.getHost() == null) {
                throw new IllegalArgumentException("endpoint URL must be http(s)://host[:port]: '" + e + "'");
            }
            if (e.getRawQuery() != null || e.getRawFragment() != null) {
                throw new IllegalArgumentException("endpoint URL must not have a query or fragment: '" + e + "'");
            }
        });
        caBundle = caBundle == null ? Optional.empty() : caBundle;
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like 'us-east-1': '" + region + "'");
        }
    }

    /** The JVM's own trust store for https. */
    public S3Settings(String bucket, Optional<URI> endpoint, String region, boolean pathStyle) {
        this(bucket, endpoint, region, pathStyle, Optional.empty());
    }

    public static S3Settings of(String bucket, String endpointUrl, String region, boolean pathStyle) {
        return of(bucket, endpointUrl, region, pathStyle, null);
    }

    /** With {@code caBundle} (may be null): the certificates to trust instead of the JVM's. */
    public static S3Settings of(String bucket, String endpointUrl, String region, boolean pathStyle, Path caBundle) {
        Optional<URI> endpoint;
        try {
            endpoint = endpointUrl == null || endpointUrl.isBlank() ? Optional.empty() : Optional.of(new URI(endpointUrl));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("endpoint URL is not a URL: '" + endpointUrl + "' (" + e.getMessage() + ")");
        }
        return new S3Settings(bucket, endpoint, region, pathStyle, Optional.ofNullable(caBundle));
    }

    /**
     * Where pip reads the bucket over the plain S3 REST endpoint (no website hosting), ending in '/':
     * {@code http://127.0.0.1:9000/bucket/} path-style, {@code https://bucket.s3.us-east-1.amazonaws.com/} on AWS.
     */
    public String baseUrl() {
        if (endpoint.isPresent()) {
            URI e = endpoint.get();
            String root = e.toString().endsWith("/") ? e.toString() : e + "/";
            if (pathStyle) {
                return root + bucket + "/";
            }
            String port = e.getPort() < 0 ? "" : ":" + e.getPort();
            String path = e.getRawPath() == null || e.getRawPath().isEmpty() ? "/" : e.getRawPath();
            return e.getScheme() + "://" + bucket + "." + e.getHost() + port + (path.endsWith("/") ? path : path + "/");
        }
        return pathStyle ? "https://s3." + region + ".amazonaws.com/" + bucket + "/"
                : "https://" + bucket + ".s3." + region + ".amazonaws.com/";
    }

    public String describe() {
        return "s3://" + bucket + endpoint.map(e -> " at " + e).orElse("");
    }
}
