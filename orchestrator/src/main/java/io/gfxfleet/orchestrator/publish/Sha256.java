package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the form of PEP 503 {@code #sha256=} fragments. */
public final class Sha256 {
    private Sha256() {}

    public static String of(byte[] bytes) {
        return of(bytes, bytes.length);
    }

    /** The digest of the first {@code length} bytes (a reused part buffer holds no more). */
    public static String of(byte[] bytes, int length) {
        MessageDigest md = digest();
        md.update(bytes, 0, length);
        return HexFormat.of().formatHex(md.digest());
    }

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** The digest of everything {@code in} still holds (the caller closes it). */
    public static String of(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static boolean isHex(String text) {
        return text != null && text.matches("^[0-9a-f]{64}$");
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
