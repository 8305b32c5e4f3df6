package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The publisher's old name for {@link io.gfxfleet.protocol.hash.Sha256}, which the publisher's code
 * now imports; only tests written before the move still call it here.
 */
public final class Sha256 {
    private Sha256() {}

    public static String of(byte[] bytes) {
        return io.gfxfleet.protocol.hash.Sha256.of(bytes);
    }

    public static String of(byte[] bytes, int length) {
        return io.gfxfleet.protocol.hash.Sha256.of(bytes, length);
    }

    public static String of(Path file) throws IOException {
        return io.gfxfleet.protocol.hash.Sha256.of(file);
    }

    public static String of(InputStream in) throws IOException {
        return io.gfxfleet.protocol.hash.Sha256.of(in);
    }

    public static boolean isHex(String text) {
        return io.gfxfleet.protocol.hash.Sha256.isHex(text);
    }
}
