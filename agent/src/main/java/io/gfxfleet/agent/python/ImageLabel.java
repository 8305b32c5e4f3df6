package io.gfxfleet.agent.python;

import io.gfxfleet.protocol.layout.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The container image label an agent runs in, as TheRock names its test images: {@code native}
 * on Windows (no container), {@code ubuntu24.04} and {@code ubi10} from {@code /etc/os-release}
 * ({@code ID} and {@code VERSION_ID}; UBI says {@code ID="rhel"}). Anything else: none.
 */
public final class ImageLabel {
    private ImageLabel() {}

    public static Optional<String> detect(Platform platform, Path osRelease) {
        if (platform == Platform.WINDOWS) {
            return Optional.of("native");
        }
        try {
            return fromOsRelease(Files.readString(osRelease));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> fromOsRelease(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
            }
        }
        String id = fields.getOrDefault("ID", "");
        String version = fields.getOrDefault("VERSION_ID", "");
        if (id.equals("ubuntu") && version.equals("24.04")) {
            return Optional.of("ubuntu24.04");
        }
        if (id.equals("rhel") && (version.equals("10") || version.startsWith("10."))) {
            return Optional.of("ubi10");
        }
        return Optional.empty();
    }
}
