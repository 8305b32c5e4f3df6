package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code rocm} extras that pull in a family's device packages on a kpack-split run. There the
 * libraries wheel is arch-neutral and the GPU code ships as one {@code rocm-sdk-device-<gfx>}
 * wheel per ISA, installed through the extra {@code device-<gfx>}; a family expands to all its ISAs
 * as TheRock's {@code expand_amdgpu_families.py --output-mode=device-extras} does
 * ({@code gfx110X-all} → {@code device-gfx1100,device-gfx1101,device-gfx1102,device-gfx1103}).
 * A legacy run (one {@code rocm-sdk-libraries-<family>} wheel) gets no device extras.
 */
public final class DeviceExtras {
    static final String EXTRA_PREFIX = "device-";

    private DeviceExtras() {}

    /** One {@code device-<gfx>} extra per ISA of {@code family}, in catalogue order. */
    public static List<String> forFamily(String family, FamilyCatalogue catalogue) {
        return targetsOf(family, catalogue).stream().map(t -> EXTRA_PREFIX + t).toList();
    }

    /** The device package a {@code device-<gfx>} extra installs. */
    public static String projectOf(String extra) {
        return io.gfxfleet.protocol.layout.RunPackaging.DEVICE_PROJECT_PREFIX + targetOf(extra);
    }

    /** {@code device-gfx942} → {@code gfx942}. */
    public static String targetOf(String extra) {
        if (!isDeviceExtra(extra) || extra.length() == EXTRA_PREFIX.length()) {
            throw new IllegalArgumentException("not a device extra: '" + extra + "'");
        }
        return extra.substring(EXTRA_PREFIX.length());
    }

    public static boolean isDeviceExtra(String extra) {
        return extra != null && extra.startsWith(EXTRA_PREFIX);
    }

    /**
     * Refuses, by name, a device extra for an ISA that {@code family} does not have: such an
     * install would test another family's code under this family's verdict.
     */
    public static void requireOfFamily(String family, List<String> extras, FamilyCatalogue catalogue) {
        List<String> targets = targetsOf(family, catalogue);
        for (String extra : extras) {
            if (isDeviceExtra(extra) && !targets.contains(targetOf(extra))) {
                throw new PlanRefusedException("extra " + extra + " names " + targetOf(extra) + ", which is not an ISA of family "
                        + family + " " + targets);
            }
        }
    }

    /**
     * The device packages of {@code family} that a kpack run's index ({@code runProjects}:
     * normalized names) does not offer; every one is needed, since the install names them all.
     */
    public static List<String> missingFrom(String family, Set<String> runProjects, FamilyCatalogue catalogue) {
        List<String> missing = new ArrayList<>();
        for (String extra : forFamily(family, catalogue)) {
            if (!runProjects.contains(projectOf(extra))) {
                missing.add(projectOf(extra));
            }
        }
        return missing;
    }

    private static List<String> targetsOf(String family, FamilyCatalogue catalogue) {
        return catalogue.family(family).map(Family::targets)
                .orElseThrow(() -> new PlanRefusedException("job family " + family + " is not in the family catalogue"));
    }
}
