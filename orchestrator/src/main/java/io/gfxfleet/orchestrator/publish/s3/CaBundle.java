package io.gfxfleet.orchestrator.publish.s3;

import software.amazon.awssdk.http.TlsTrustManagersProvider;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * The certificate authorities to trust for an https S3 endpoint instead of the JVM's own: a PEM
 * file of one or more certificates, as the AWS CLI's {@code --ca-bundle} / {@code AWS_CA_BUNDLE}
 * and rclone's {@code --ca-cert} take it. For servers with a private or test CA (a company's MinIO,
 * the benchmark's S3Proxy); AWS itself needs none.
 */
public final class CaBundle {
    /** The AWS CLI's variable, honoured likewise: a build job that sets it for aws works for us too. */
    public static final String ENVIRONMENT_VARIABLE = "AWS_CA_BUNDLE";

    private final Path file;
    private final TrustManager[] trustManagers;

    private CaBundle(Path file, TrustManager[] trustManagers) {
        this.file = file;
        this.trustManagers = trustManagers;
    }

    /**
     * Reads and checks the bundle now, so that a wrong path or a file without certificates fails
     * before any upload, naming the file.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or holds no certificate
     */
    public static CaBundle load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("CA bundle " + file + " is not a readable file");
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("CA bundle " + file + " is not PEM certificates: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("CA bundle " + file + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return new CaBundle(file, factory.getTrustManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store from " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** For {@code ApacheHttpClient.Builder.tlsTrustManagersProvider}. */
    public TlsTrustManagersProvider trustManagers() {
        return () -> trustManagers.clone();
    }
}
