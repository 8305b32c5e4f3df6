package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetListOutputTest {
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();

    @Test
    void offloadArchOnAnEightGpuBoxGivesEightDevices() {
        SourceReading reading = TargetListOutput.parse("offload-arch",
                Fixtures.text("tools/offload-arch-mi325x-8gpu.txt"), CATALOGUE);

        assertEquals(Collections.nCopies(8, "gfx942"), reading.devices().stream().map(GpuDevice::gfx).toList());
        assertEquals("MI300A/MI300X/MI325X (CDNA3)", reading.devices().get(0).product());
        assertEquals("", reading.devices().get(0).nodeId());
        assertEquals(List.of(), reading.notes());
    }

    @Test
    void featureSuffixesAreStripped() {
        SourceReading reading = TargetListOutput.parse("offload-arch",
                Fixtures.text("tools/offload-arch-mi250-features.txt"), CATALOGUE);

        assertEquals(List.of("gfx90a", "gfx90a"), reading.devices().stream().map(GpuDevice::gfx).toList());
    }

    @Test
    void nvidiaTargetsAreIgnoredQuietly() {
        SourceReading reading = TargetListOutput.parse("offload-arch",
                Fixtures.text("tools/offload-arch-mixed-vendors.txt"), CATALOGUE);

        assertEquals(List.of("gfx1100"), reading.devices().stream().map(GpuDevice::gfx).toList());
        assertEquals(List.of(), reading.notes());
    }

    @Test
    void agentEnumeratorSkipsTheCpuPseudoTarget() {
        SourceReading reading = TargetListOutput.parse("rocm_agent_enumerator",
                Fixtures.text("tools/rocm_agent_enumerator-rx7900xtx.txt"), CATALOGUE);

        assertEquals(List.of(new GpuDevice("gfx1100", CATALOGUE.target("gfx1100").orElseThrow().product(), "",
                "rocm_agent_enumerator")), reading.devices());
    }

    @Test
    void cpuOnlyEnumerationIsANote() {
        SourceReading reading = TargetListOutput.parse("rocm_agent_enumerator",
                Fixtures.text("tools/rocm_agent_enumerator-cpu-only.txt"), CATALOGUE);

        assertEquals(List.of(), reading.devices());
        assertEquals(List.of("rocm_agent_enumerator: printed no GPU target"), reading.notes());
    }

    @Test
    void garbageAndEmptyOutputAreNotes() {
        SourceReading garbage = TargetListOutput.parse("offload-arch", Fixtures.text("tools/garbage.txt"), CATALOGUE);
        assertEquals(List.of(), garbage.devices());
        assertTrue(garbage.notes().get(0).startsWith("offload-arch: 3 unrecognised line(s), e.g. 'Segmentation fault'"),
                garbage.notes().toString());

        assertEquals(List.of("offload-arch: printed no GPU target (empty output)"),
                TargetListOutput.parse("offload-arch", "\n\n", CATALOGUE).notes());
        assertEquals(List.of("offload-arch: printed no GPU target (empty output)"),
                TargetListOutput.parse("offload-arch", null, CATALOGUE).notes());
    }
}
