package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyCheckTest {
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();
    private static final FamilyCheck CHECK = new FamilyCheck(CATALOGUE);
    private static final GpuDevice MI325X = new GpuDevice("gfx942", "AMD Instinct MI325X", "2", "kfd-sysfs", OptionalInt.of(128));
    private static final GpuDevice RX7900 = new GpuDevice("gfx1100", "Radeon RX 7900 XTX", "1", "rocminfo");

    private static Detection detection(List<GpuDevice> devices) {
        List<String> targets = devices.stream().map(GpuDevice::gfx).distinct().toList();
        return new Detection(devices, CATALOGUE.familiesFor(targets), List.of());
    }

    @Test
    void gfx942MachineTakesItsFamilies() {
        for (String family : List.of("gfx94X-dcgpu", "gfx94X-all", "dcgpu-all")) {
            FamilyDecision d = CHECK.check(List.of(MI325X), family);
            assertTrue(d.allowed(), family + ": " + d.reason());
            assertEquals(List.of(MI325X), d.matchingDevices());
            assertEquals("", d.reason());
        }
    }

    @Test
    void gfx950WorkNeverRunsOnAGfx942Machine() {
        FamilyDecision d = CHECK.check(Collections.nCopies(8, MI325X), "gfx950-dcgpu");

        assertFalse(d.allowed());
        assertEquals("job family gfx950-dcgpu needs one of [gfx950] but this agent has 8x gfx942 (AMD Instinct MI325X)",
                d.reason());
        assertEquals(List.of(), d.matchingDevices());
    }

    @Test
    void mixedMachineMatchesOnlyTheRightDevices() {
        FamilyDecision d = CHECK.check(List.of(MI325X, RX7900), "gfx110X-all");

        assertTrue(d.allowed());
        assertEquals(List.of(RX7900), d.matchingDevices());
    }

    @Test
    void unknownBlankAndNoDevice() {
        assertEquals("job family gfx999-all is not in the family catalogue", CHECK.check(List.of(MI325X), "gfx999-all").reason());
        assertEquals("the job names no GPU family", CHECK.check(List.of(MI325X), " ").reason());
        assertEquals("the job names no GPU family", CHECK.check(List.of(MI325X), null).reason());
        assertTrue(CHECK.check(List.of(), "gfx94X-dcgpu").reason().startsWith("no GPU detected on this agent"));
    }

    @Test
    void detectedGpuAdvertisesEveryFamilyItsDevicesCanTest() {
        AgentGpu gpu = AgentGpu.resolve(detection(Collections.nCopies(8, MI325X)), Optional.empty(), CATALOGUE);

        AgentGpu.Detected detected = assertInstanceOf(AgentGpu.Detected.class, gpu);
        assertEquals(List.of("gfx942"), detected.gfxTargets());
        assertEquals(CATALOGUE.familiesFor(List.of("gfx942")), detected.families());
        assertEquals(8, detected.devices().size());
        assertTrue(detected.gpuExpected());
        assertTrue(CHECK.check(gpu, "gfx94X-dcgpu").allowed());
        assertFalse(CHECK.check(gpu, "gfx950-dcgpu").allowed());
    }

    @Test
    void overrideNarrowsARealGpuToOneFamily() {
        AgentGpu gpu = AgentGpu.resolve(detection(List.of(MI325X)), Optional.of("gfx94X-dcgpu"), CATALOGUE);

        assertEquals(List.of("gfx94X-dcgpu"), gpu.families());
        assertTrue(gpu.gpuExpected());
        assertTrue(CHECK.check(gpu, "gfx94X-dcgpu").allowed());
        FamilyDecision other = CHECK.check(gpu, "gfx94X-all");
        assertFalse(other.allowed());
        assertTrue(other.reason().contains("restricted to families [gfx94X-dcgpu]"), other.reason());
    }

    @Test
    void overrideThatContradictsTheGpuIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentGpu.resolve(detection(List.of(MI325X)), Optional.of("gfx950-dcgpu"), CATALOGUE));

        assertEquals("--gpu-family gfx950-dcgpu does not match this machine: job family gfx950-dcgpu needs one of [gfx950]"
                + " but this agent has 1x gfx942 (AMD Instinct MI325X)", e.getMessage());
    }

    @Test
    void overrideWithoutGpuIsTrustedForItsFamilyOnly() {
        AgentGpu gpu = AgentGpu.resolve(detection(List.of()), Optional.of("gfx110X-all"), CATALOGUE);

        AgentGpu.Overridden o = assertInstanceOf(AgentGpu.Overridden.class, gpu);
        assertEquals(List.of("gfx110X-all"), o.families());
        assertEquals(List.of("gfx1100", "gfx1101", "gfx1102", "gfx1103"), o.gfxTargets());
        assertEquals(List.of(), o.devices());
        assertFalse(o.gpuExpected());
        assertTrue(CHECK.check(gpu, "gfx110X-all").allowed());
        FamilyDecision d = CHECK.check(gpu, "gfx94X-dcgpu");
        assertFalse(d.allowed());
        assertEquals("this agent has no detected GPU and runs only --gpu-family gfx110X-all jobs, not gfx94X-dcgpu", d.reason());
    }

    @Test
    void unknownOverrideIsRefusedNamingTheKnownFamilies() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentGpu.resolve(detection(List.of()), Optional.of("gfx94x-dcgpu"), CATALOGUE));

        assertTrue(e.getMessage().startsWith("--gpu-family: unknown GPU family 'gfx94x-dcgpu'; did you mean gfx94X-dcgpu? (known families: "),
                e.getMessage());
    }

    @Test
    void noGpuAndNoOverrideIsRefusedWithTheDetectionNotes() {
        Detection nothing = new Detection(List.of(), List.of(), List.of("kfd-sysfs: /sys/class/kfd/kfd/topology/nodes does not exist",
                "offload-arch: not found in /usr/bin"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentGpu.resolve(nothing, Optional.empty(), CATALOGUE));

        assertEquals("no AMD GPU found (kfd-sysfs: /sys/class/kfd/kfd/topology/nodes does not exist; "
                + "offload-arch: not found in /usr/bin); pass --gpu-family FAMILY to run without a GPU", e.getMessage());
    }
}
