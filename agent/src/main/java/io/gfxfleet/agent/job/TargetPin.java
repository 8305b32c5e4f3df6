package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.List;

/**
 * The value the agent gives {@code ROCM_SDK_TARGET_FAMILY}: a gfx target of the job's family that
 * is on this machine, never the family name. A kpack distribution's "families" are gfx targets and
 * it refuses a family name ({@code ValueError: Requested ROCM_SDK_TARGET_FAMILY=gfx94X-dcgpu is not
 * available in the distribution}); a legacy one accepts either, and maps the target to its family.
 */
public final class TargetPin {
    private TargetPin() {}

    /**
     * The first of {@code deviceTargets} (this machine's targets, in device order) that belongs to
     * {@code family}; without such a device (an agent trusted with {@code --gpu-family}), the
     * family's first ISA in catalogue order.
     */
    public static String choose(String family, List<String> deviceTargets, FamilyCatalogue catalogue) {
        List<String> targets = catalogue.family(family).map(Family::targets)
                .orElseThrow(() -> new PlanRefusedException("job family " + family + " is not in the family catalogue"));
        if (targets.isEmpty()) {
            throw new PlanRefusedException("job family " + family + " has no gfx targets in the catalogue");
        }
        return deviceTargets.stream().filter(targets::contains).findFirst().orElse(targets.get(0));
    }

    /** The family's ISAs on this machine (all of them for a trusted agent without devices). */
    public static List<String> present(String family, List<String> deviceTargets, FamilyCatalogue catalogue) {
        List<String> targets = catalogue.family(family).map(Family::targets).orElse(List.of());
        List<String> present = deviceTargets.stream().filter(targets::contains).distinct().toList();
        return present.isEmpty() ? targets : present;
    }
}
