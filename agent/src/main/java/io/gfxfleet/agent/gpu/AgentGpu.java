package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What this agent tells the orchestrator it can test: either GPUs it detected, or, with no GPU, a
 * family an operator named with {@code --gpu-family} (demo and CI mode, where the agent trusts it).
 */
public sealed interface AgentGpu permits AgentGpu.Detected, AgentGpu.Overridden {

    /** Families for the lease request. */
    List<String> families();

    /** Distinct gfx targets for the lease request. */
    List<String> gfxTargets();

    /** The detected devices; empty for an override. */
    List<GpuDevice> devices();

    /** Whether a real GPU (and so {@code /dev/kfd}, {@code /dev/dri/renderD*}) must be present. */
    boolean gpuExpected();

    /** One line for logs and the {@code detect} command. */
    String describe();

    /**
     * Real devices. {@code families} is every family they can test, or only the family
     * {@code --gpu-family} narrowed it to.
     */
    record Detected(List<GpuDevice> devices, List<String> families) implements AgentGpu {
        public Detected {
            if (devices.isEmpty()) {
                throw new IllegalArgumentException("Detected needs at least one device");
            }
            devices = List.copyOf(devices);
            families = List.copyOf(families);
        }

        @Override
        public List<String> gfxTargets() {
            return List.copyOf(new LinkedHashSet<>(devices.stream().map(GpuDevice::gfx).toList()));
        }

        @Override
        public boolean gpuExpected() {
            return true;
        }

        @Override
        public String describe() {
            return devices.size() + " GPU(s) " + gfxTargets() + " via " + devices.get(0).source()
                    + ", families " + families;
        }
    }

    /** No GPU: the operator's family is trusted, and its catalogue targets are advertised. */
    record Overridden(String family, List<String> gfxTargets) implements AgentGpu {
        public Overridden {
            Objects.requireNonNull(family, "family");
            gfxTargets = List.copyOf(gfxTargets);
        }

        @Override
        public List<String> families() {
            return List.of(family);
        }

        @Override
        public List<GpuDevice> devices() {
            return List.of();
        }

        @Override
        public boolean gpuExpected() {
            return false;
        }

        @Override
        public String describe() {
            return "no GPU detected; trusting --gpu-family " + family + " (targets " + gfxTargets + ")";
        }
    }

    /**
     * Combines a detection with an optional {@code --gpu-family} override.
     * <ul>
     *   <li>devices, no override: every family the devices can test;</li>
     *   <li>devices and an override: only that family, and only if a device belongs to it
     *       (a gfx950 override on a gfx942 machine is refused);</li>
     *   <li>no devices, an override: trust it (the family must exist in the catalogue);</li>
     *   <li>no devices, no override: refused, naming what detection looked at.</li>
     * </ul>
     *
     * @throws IllegalArgumentException with a message for the operator when no usable answer exists
     */
    static AgentGpu resolve(Detection detection, Optional<String> familyOverride, FamilyCatalogue catalogue) {
        Optional<String> override = familyOverride.map(String::strip).filter(f -> !f.isEmpty());
        if (override.isPresent() && !catalogue.isFamily(override.get())) {
            throw new IllegalArgumentException("--gpu-family: " + catalogue.unknownFamilyMessage(override.get()));
        }
        if (detection.found()) {
            if (override.isEmpty()) {
                return new Detected(detection.devices(), detection.families());
            }
            FamilyDecision decision = new FamilyCheck(catalogue).check(detection.devices(), override.get());
            if (!decision.allowed()) {
                throw new IllegalArgumentException("--gpu-family " + override.get()
                        + " does not match this machine: " + decision.reason());
            }
            return new Detected(detection.devices(), List.of(override.get()));
        }
        if (override.isPresent()) {
            List<String> targets = catalogue.family(override.get()).map(Family::targets).orElse(List.of());
            return new Overridden(override.get(), targets);
        }
        throw new IllegalArgumentException("no AMD GPU found (" + detection.notes().stream()
                .collect(Collectors.joining("; ")) + "); pass --gpu-family FAMILY to run without a GPU");
    }
}
