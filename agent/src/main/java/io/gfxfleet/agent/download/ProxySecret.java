package io.gfxfleet.agent.download;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The index proxy's path secret: 32 random bytes in a file only the agent's user can read. A
 * local process of another user can find the proxy's port (it is in a readable file, and ports can
 * be scanned) but not this, so it cannot use the proxy as a relay into the index hosts.
 */
final class ProxySecret {
    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");

    private ProxySecret() {}

    static String read(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (HEX64.matcher(text).matches()) {
                return text;
            }
            Files.delete(file);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);  // not POSIX (Windows): the user's profile folder is private already
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another agent is creating " + file + "; retry", e);
        }
        Files.writeString(tmp, secret, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
