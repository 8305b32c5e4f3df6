package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.publish.s3.S3Settings;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;

/**
 * A real S3 server on loopback: S3Proxy embedded, on jclouds' in-memory {@code transient} store
 * (the only backend that keeps a body under a key ending in '/', which PEP 503 folder pages need),
 * anonymous (any credentials are accepted) unless started {@linkplain #start(boolean) authenticating}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final AwsCredentialsProvider ANY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("gfxfleet", "gfxfleet"));

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    public static S3ProxyServer start() throws Exception {
        return start(false);
    }

    /**
     * With {@code authenticating}, S3Proxy checks every request's SigV4 signature against
     * {@link #ANY_CREDENTIALS} and, for a signed payload, the body against {@code x-amz-content-sha256}
     * (as S3 does); anonymous, it checks neither.
     */
    public static S3ProxyServer start(boolean authenticating) throws Exception {
        return start(authenticating, null);
    }

    /**
     * As {@link #start(boolean)}, over https only when {@code tls} is given: S3Proxy's secure
     * endpoint with the test server certificate (clients trust {@link TestCertificates#caPem()}).
     */
    public static S3ProxyServer start(boolean authenticating, TestCertificates tls) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .overrides(new Properties())
                .buildView(BlobStoreContext.class);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI endpoint = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
        S3Proxy.Builder builder = S3Proxy.builder().blobStore(context.getBlobStore());
        if (tls == null) {
            builder.endpoint(endpoint);
        } else {
            builder.secureEndpoint(endpoint).keyStore(tls.serverKeyStore().toString(), tls.password());
        }
        if (authenticating) {
            AwsCredentials c = ANY_CREDENTIALS.resolveCredentials();
            builder.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, c.accessKeyId(), c.secretAccessKey());
        }
        S3Proxy proxy = builder.build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            if (proxy.getState().equals("FAILED")) {
                throw new IOException("S3Proxy failed to start on " + endpoint);
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy, context, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    /** Creates a bucket and returns settings for it (path-style, us-east-1). */
    public S3Settings bucket(String name) {
        blobStore().createContainerInLocation(null, name);
        return new S3Settings(name, java.util.Optional.of(endpoint), "us-east-1", true);
    }

    /** As {@link #bucket(String)}, trusting this CA bundle (for the https endpoint). */
    public S3Settings bucket(String name, java.nio.file.Path caBundle) {
        blobStore().createContainerInLocation(null, name);
        return new S3Settings(name, java.util.Optional.of(endpoint), "us-east-1", true, java.util.Optional.of(caBundle));
    }

    public S3Target target(S3Settings settings) {
        return new S3Target(settings, 8, ANY_CREDENTIALS);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
