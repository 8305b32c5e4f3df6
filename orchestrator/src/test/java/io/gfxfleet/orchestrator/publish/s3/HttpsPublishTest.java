package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.cli.PublishCommand;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code publish} to an https S3 endpoint whose certificate a private CA signed (S3Proxy's secure
 * endpoint, a CA made at run time with keytool), authenticating as S3 does: trusted through
 * {@code --ca-bundle}, the signed body digests of whole objects and of multipart parts checked by the
 * server over TLS; refused, naming the trust problem, without it.
 */
class HttpsPublishTest {
    static final String V = "7.10.0a20261125";
    static final String BUCKET = "https-bench";

    @TempDir
    static Path tmp;
    static TestCertificates certificates;
    static S3ProxyServer server;
    static Path packages;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        var c = S3ProxyServer.ANY_CREDENTIALS.resolveCredentials();
        System.setProperty("aws.accessKeyId", c.accessKeyId());
        System.setProperty("aws.secretAccessKey", c.secretAccessKey());
        certificates = TestCertificates.create(tmp.resolve("tls"));
        server = S3ProxyServer.start(true, certificates);
        server.bucket(BUCKET);
        // One wheel above the part size: a multipart upload, each part signed with its own digest.
        packages = SamplePackages.builder().version(V).families("gfx94X-dcgpu").padBytesPerWheel(S3Target.PART_SIZE + (3 << 20))
                .writeTo(tmp.resolve("samples")).dist();
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (server != null) {
            server.close();
        }
    }

    static CliRun publish(String runId, String... extra) {
        List<String> args = new ArrayList<>(List.of("--packages-dir", packages.toString(), "--run-id", runId,
                "--artifact-group", "gfx94X-dcgpu", "--platform", "linux", "--bucket", BUCKET,
                "--endpoint-url", server.endpoint().toString(), "--path-style"));
        args.addAll(Arrays.asList(extra));
        return CliRun.of(new PublishCommand(), args.toArray(String[]::new));
    }

    @Test
    void publishesOverHttpsTrustingTheGivenCa() throws Exception {
        assertTrue(server.endpoint().getScheme().equals("https"), server.endpoint()::toString);
        CliRun run = publish("2001", "--ca-bundle", certificates.caPem().toString());
        assertEquals(0, run.exitCode(), run::describe);
        List<Path> wheels;
        try (Stream<Path> s = Files.list(packages)) {
            wheels = s.filter(p -> p.getFileName().toString().endsWith(".whl")).sorted().toList();
        }
        assertTrue(wheels.stream().anyMatch(w -> sizeOf(w) > S3Target.PART_SIZE), "a wheel goes up in parts");
        for (Path wheel : wheels) {
            Blob blob = server.blobStore().getBlob(BUCKET, "2001-linux/python/gfx94X-dcgpu/dist/" + wheel.getFileName());
            assertNotNull(blob, wheel.getFileName() + " stored");
            try (InputStream in = blob.getPayload().openStream()) {
                assertArrayEquals(Files.readAllBytes(wheel), in.readAllBytes(), wheel.getFileName() + " stored byte for byte");
            }
        }
    }

    @Test
    void refusesAnUntrustedServerNamingTheCertificateProblem() {
        CliRun run = publish("2002");
        assertNotEquals(0, run.exitCode(), run::describe);
        String said = (run.out() + run.err()).toLowerCase(java.util.Locale.ROOT);
        assertTrue(said.contains("pkix") || said.contains("certif"), run::describe);
        assertTrue(server.blobStore().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder
                .prefix("2002-linux/").recursive()).isEmpty(), "nothing stored");
    }

    @Test
    void refusesACaBundleThatHoldsNoCertificate() throws Exception {
        Path notPem = tmp.resolve("not-a-bundle.pem");
        Files.writeString(notPem, "not a certificate\n");
        CliRun run = publish("2003", "--ca-bundle", notPem.toString());
        assertNotEquals(0, run.exitCode(), run::describe);
        assertTrue(run.err().contains(notPem.toString()), run::describe);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
