package io.gfxfleet.orchestrator.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The database password, read from a file (a Kubernetes Secret or a systemd credential) so it is
 * never on a command line, in {@code ps} output or in the JDBC URL that logs show. Its
 * {@link #toString()} never shows the value.
 */
public final class DbPassword {
    private static final DbPassword NONE = new DbPassword(null);
    private static final int MAX_BYTES = 4096;
    private final String value;

    private DbPassword(String value) {
        this.value = value;
    }

    public static DbPassword none() {
        return NONE;
    }

    /** The file's content without its trailing newline; an unreadable, empty or oversized file is an error naming the file. */
    public static DbPassword fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("database password file " + file + " is not a readable file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("database password file " + file + " is larger than " + MAX_BYTES + " bytes: not a password file?");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IOException("database password file " + file + " is empty");
        }
        return new DbPassword(text);
    }

    public boolean present() {
        return value != null;
    }

    /** Driver properties carrying the password (empty without one): URL parameters such as user still apply. */
    public Properties driverProperties() {
        Properties p = new Properties();
        if (value != null) {
            p.setProperty("password", value);
        }
        return p;
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return value == null ? "(none)" : "(from file, hidden)";
    }
}
