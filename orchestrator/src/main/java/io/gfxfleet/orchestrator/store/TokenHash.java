package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Lease tokens: random, handed out once, stored only as a SHA-256 so a database dump grants nothing. */
final class TokenHash {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {}

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String of(String token) {
        return Sha256.of(token);
    }

    /** Constant-time comparison: the token check must not leak how many characters matched. */
    static boolean matches(String token, String expectedHash) {
        if (token == null || expectedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(of(token).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
