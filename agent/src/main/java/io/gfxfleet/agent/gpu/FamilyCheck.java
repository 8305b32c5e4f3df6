package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's own guard before it runs a leased job: a job built for a family may only run where a
 * device's target belongs to that family. Jobs for gfx950 ran on MI325X (gfx942) machines in
 * TheRock's CI and failed wholesale (issue 8151); the orchestrator should never lease such a job,
 * and this check makes sure it is refused if it does.
 */
public final class FamilyCheck {
    private final FamilyCatalogue catalogue;

    public FamilyCheck(FamilyCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    public FamilyDecision check(AgentGpu gpu, String jobFamily) {
        if (gpu instanceof AgentGpu.Overridden o) {
            if (o.family().equals(jobFamily)) {
                return FamilyDecision.allow(List.of());
            }
            // Nothing was detected, so nothing but the operator's word vouches for another family.
            return FamilyDecision.refuse("this agent has no detected GPU and runs only --gpu-family "
                    + o.family() + " jobs, not " + jobFamily);
        }
        FamilyDecision byDevice = check(gpu.devices(), jobFamily);
        if (byDevice.allowed() && !gpu.families().contains(jobFamily)) {
            return FamilyDecision.refuse("this agent was restricted to families " + gpu.families()
                    + " and does not take " + jobFamily + " jobs");
        }
        return byDevice;
    }

    public FamilyDecision check(List<GpuDevice> devices, String jobFamily) {
        if (jobFamily == null || jobFamily.isBlank()) {
            return FamilyDecision.refuse("the job names no GPU family");
        }
        Optional<Family> family = catalogue.family(jobFamily);
        if (family.isEmpty()) {
            return FamilyDecision.refuse("job family " + jobFamily + " is not in the family catalogue");
        }
        if (devices.isEmpty()) {
            return FamilyDecision.refuse("no GPU detected on this agent; job family " + jobFamily
                    + " needs one of " + family.get().targets());
        }
        List<GpuDevice> matching = devices.stream().filter(d -> family.get().targets().contains(d.gfx())).toList();
        if (matching.isEmpty()) {
            return FamilyDecision.refuse("job family " + jobFamily + " needs one of " + family.get().targets()
                    + " but this agent has " + describe(devices));
        }
        return FamilyDecision.allow(matching);
    }

    private static String describe(List<GpuDevice> devices) {
        LinkedHashSet<String> parts = new LinkedHashSet<>();
        for (String gfx : new LinkedHashSet<>(devices.stream().map(GpuDevice::gfx).toList())) {
            List<GpuDevice> of = devices.stream().filter(d -> d.gfx().equals(gfx)).toList();
            String product = of.get(0).product();
            parts.add(of.size() + "x " + gfx + (product.isBlank() ? "" : " (" + product + ")"));
        }
        return String.join(", ", parts);
    }
}
