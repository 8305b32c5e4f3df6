package io.gfxfleet.protocol.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lower-case hex, the form of PEP 503 {@code #sha256=} fragments, of wheel RECORDs'
 * peers and of token hashes: the one place gfxfleet computes it. Streams are read through a
 * fixed 64 KiB buffer, so a multi-GB wheel costs no more memory than a small one.
 */
public final class Sha256 {
    private static final int BUFFER = 1 << 16;

    private Sha256() {}

    public static String of(byte[] bytes) {
        return of(bytes, bytes.length);
    }

    /** The digest of the first {@code length} bytes (a reused part buffer holds no more). */
    public static String of(byte[] bytes, int length) {
        MessageDigest md = digest();
        md.update(bytes, 0, length);
        return hex(md);
    }

    /** The digest of {@code text}'s UTF-8 bytes. */
    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** The digest of everything {@code in} still holds (the caller closes it). */
    public static String of(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf)) >= 0; ) {
            md.update(buf, 0, n);
        }
        return hex(md);
    }

    /** Whether {@code text} has the form of a digest (64 lower-case hex digits). */
    public static boolean isHex(String text) {
        return text != null && text.length() == 64 && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** A fresh digest, for callers that hash while they copy (the caller feeds it, then asks {@link #hex}). */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Finishes {@code md} and gives its digest as lower-case hex. */
    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
