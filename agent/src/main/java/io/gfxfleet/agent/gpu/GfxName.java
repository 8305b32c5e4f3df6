package io.gfxfleet.agent.gpu;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * LLVM AMDGPU processor names ({@code gfx942}, {@code gfx90a}, {@code gfx1201}) as the GPU tools
 * print them, and the KFD's numeric form of the same name.
 */
public final class GfxName {
    /** Major version in decimal, then minor and stepping as one hex digit each. */
    private static final Pattern NAME = Pattern.compile("gfx[0-9]{1,2}[0-9a-f][0-9a-f]");

    /** The HSA runtime reports the CPU agent as this pseudo target. */
    public static final String CPU_PSEUDO_TARGET = "gfx000";

    private GfxName() {}

    /**
     * The bare processor name in {@code raw}, with target features ({@code :sramecc+:xnack-})
     * dropped; empty when {@code raw} is not a processor name (generic targets such as
     * {@code gfx9-4-generic} included).
     */
    public static Optional<String> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = raw.strip().toLowerCase(Locale.ROOT);
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /**
     * The KFD's {@code gfx_target_version}: major*10000 + minor*100 + stepping, all decimal
     * (90010 is gfx90a, 90402 is gfx942, 110001 is gfx1101). Empty for 0 (a CPU node) and for
     * values that cannot be a processor name.
     */
    public static Optional<String> fromTargetVersion(long version) {
        if (version <= 0) {
            return Optional.empty();
        }
        long major = version / 10000;
        long minor = (version / 100) % 100;
        long stepping = version % 100;
        if (major < 1 || major > 99 || minor > 15 || stepping > 15) {
            return Optional.empty();
        }
        return Optional.of("gfx" + major + Long.toHexString(minor) + Long.toHexString(stepping));
    }
}
