package io.gfxfleet.agent.platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gfx targets named in the output of the tools that show a Windows machine's GPUs:
 * <ul>
 *   <li>{@code hipInfo}: one block per device, with {@code gcnArchName:  gfx1100} (possibly with
 *   target features, {@code gfx90a:sramecc+:xnack-});</li>
 *   <li>{@code amd-smi static --asic}: {@code GPU: 0}, then {@code TARGET_GRAPHICS_VERSION: gfx1100} under {@code ASIC:};</li>
 *   <li>{@code offload-arch}: one target per line.</li>
 * </ul>
 * One target per device, in device order, features dropped.
 */
public final class GpuToolOutput {
    private static final Pattern HIPINFO = Pattern.compile("^\\s*gcnArchName:\\s*(gfx[0-9a-f]+)\\S*\\s*$");
    private static final Pattern AMD_SMI = Pattern.compile("^\\s*TARGET_GRAPHICS_VERSION:\\s*(gfx[0-9a-f]+)\\s*$");
    private static final Pattern BARE = Pattern.compile("^\\s*(gfx[0-9a-f]+)(?::\\S*)?\\s*$");

    private GpuToolOutput() {}

    /** Each device's target, in order (a machine with two gfx1100 lists it twice). */
    public static List<String> devices(String output) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\\R")) {
            for (Pattern p : List.of(HIPINFO, AMD_SMI, BARE)) {
                Matcher m = p.matcher(line);
                if (m.matches()) {
                    out.add(m.group(1));
                    break;
                }
            }
        }
        return out;
    }

    /** The distinct targets. */
    public static Set<String> targets(String output) {
        return new LinkedHashSet<>(devices(output));
    }
}
