package io.gfxfleet.orchestrator.publish.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test certificate authority and a server certificate for 127.0.0.1 and localhost signed by it,
 * made at run time with the JDK's own {@code keytool} (nothing to install, nothing checked in): the
 * server's key store for S3Proxy's https endpoint, and the CA as PEM for clients to trust
 * ({@code --ca-bundle}, {@code AWS_CA_BUNDLE}, rclone's {@code --ca-cert}). A real CA and a leaf
 * rather than one self-signed certificate: OpenSSL (aws) and Go (rclone) verify the chain as they
 * would for a company's server.
 *
 * @param serverKeyStore PKCS12 with the server's key and chain (alias {@code server})
 * @param password       of the key store and its key
 * @param caPem          the CA's certificate, PEM
 */
public record TestCertificates(Path serverKeyStore, String password, Path caPem) {

    /** Makes the CA and the server certificate in {@code dir} (EC P-256, valid for two days). */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = "gfxfleet-test";
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path caPem = dir.resolve("ca.pem");
        Path request = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        for (Path p : List.of(ca, server, caPem, request, signed)) {
            Files.deleteIfExists(p);
        }
        keytool(password, "-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=gfxfleet test CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "2");
        keytool(password, "-exportcert", "-keystore", ca.toString(), "-alias", "ca", "-rfc", "-file", caPem.toString());
        keytool(password, "-genkeypair", "-keystore", server.toString(), "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-validity", "2");
        keytool(password, "-certreq", "-keystore", server.toString(), "-alias", "server", "-file", request.toString());
        keytool(password, "-gencert", "-keystore", ca.toString(), "-alias", "ca", "-infile", request.toString(),
                "-outfile", signed.toString(), "-rfc", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth", "-ext", "ku:c=digitalSignature,keyAgreement");
        keytool(password, "-importcert", "-noprompt", "-keystore", server.toString(), "-alias", "ca", "-file", caPem.toString());
        keytool(password, "-importcert", "-keystore", server.toString(), "-alias", "server", "-file", signed.toString());
        return new TestCertificates(server, password, caPem);
    }

    private static void keytool(String password, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed:\n" + out);
        }
    }
}
