package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code rocm} extras that pull in a family's device packages on a kpack-split run. There the
 * libraries wheel is arch-neutral and the GPU code ships as one {@code rocm-sdk-device-<gfx>}
 * wheel per target, installed through the extra {@code device-<gfx>}; a family expands to its
 * targets ({@code gfx110X-all} → {@code device-gfx1100,device-gfx1101,...}). A legacy run (one
 * {@code rocm-sdk-libraries-<family>} wheel) has no device packages and gets no device extras.
 */
public final class DeviceExtras {
    static final String DEVICE_PROJECT_PREFIX = "rocm-sdk-device-";

    private DeviceExtras() {}

    /**
     * The device extras for {@code family}: one per target of the family whose device package
     * the run's index offers ({@code runProjects}: normalized project names), in catalogue order.
     */
    public static List<String> forFamily(String family, Set<String> runProjects, FamilyCatalogue catalogue) {
        List<String> extras = new ArrayList<>();
        List<String> targets = catalogue.family(family).map(Family::targets).orElse(List.of());
        for (String target : targets) {
            if (runProjects.contains(ProjectName.normalize(DEVICE_PROJECT_PREFIX + target))) {
                extras.add("device-" + target);
            }
        }
        return extras;
    }
}
