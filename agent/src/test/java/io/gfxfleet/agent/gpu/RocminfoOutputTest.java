package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocminfoOutputTest {
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();

    @Test
    void mi325xTakesOnlyTheGpuAgentAndCountsItsIsaLinesOnce() {
        SourceReading reading = RocminfoOutput.parse(Fixtures.text("tools/rocminfo-mi325x.txt"), CATALOGUE);

        assertEquals(List.of(new GpuDevice("gfx942", "AMD Instinct MI325X", "2", "rocminfo", OptionalInt.empty(), "GPU-f00dfeedc0ffee42")), reading.devices());
        assertEquals(List.of(), reading.notes());
    }

    @Test
    void radeonDesktop() {
        SourceReading reading = RocminfoOutput.parse(Fixtures.text("tools/rocminfo-rx7900xtx.txt"), CATALOGUE);

        assertEquals(List.of(new GpuDevice("gfx1100", "Radeon RX 7900 XTX", "1", "rocminfo", OptionalInt.empty(), "GPU-2cf1a6ecc2be8e1f")), reading.devices());
    }

    @Test
    void eightGpuBoxListsEveryAgent() {
        // A captured single-GPU output with its GPU block repeated, as rocminfo prints one block per agent.
        String text = Fixtures.text("tools/rocminfo-mi325x.txt");
        int gpuBlock = text.indexOf("*******                  \nAgent 3");
        int end = text.indexOf("*** Done ***");
        StringBuilder out = new StringBuilder(text.substring(0, gpuBlock));
        for (int g = 0; g < 8; g++) {
            out.append(text, gpuBlock, end);
            int last = out.lastIndexOf("Agent 3");
            out.replace(last, last + "Agent 3".length(), "Agent " + (3 + g));
            int node = out.lastIndexOf("  Node:                    2");
            out.replace(node, node + "  Node:                    2".length(), "  Node:                    " + (2 + g));
        }
        out.append("*** Done ***\n");

        SourceReading reading = RocminfoOutput.parse(out.toString(), CATALOGUE);

        assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9"),
                reading.devices().stream().map(GpuDevice::nodeId).toList());
    }

    @Test
    void permissionErrorOutputIsANoteQuotingItsFirstLine() {
        SourceReading reading = RocminfoOutput.parse(Fixtures.text("tools/rocminfo-no-permission.txt"), CATALOGUE);

        assertEquals(List.of(), reading.devices());
        assertTrue(reading.notes().get(0).contains("no 'Agent N' blocks"), reading.notes().toString());
        assertTrue(reading.notes().get(0).contains("ROCk module version 6.10.5 is loaded"), reading.notes().toString());
    }

    @Test
    void cpuOnlyOutputSaysSo() {
        String text = Fixtures.text("tools/rocminfo-rx7900xtx.txt");
        String cpuOnly = text.substring(0, text.indexOf("*******                  \nAgent 2")) + "*** Done ***\n";

        SourceReading reading = RocminfoOutput.parse(cpuOnly, CATALOGUE);

        assertEquals(List.of(), reading.devices());
        assertEquals(List.of("rocminfo: 1 agent(s), none of them a GPU"), reading.notes());
    }

    @Test
    void emptyNullAndGarbage() {
        assertTrue(RocminfoOutput.parse("", CATALOGUE).notes().get(0).contains("(empty output)"));
        assertTrue(RocminfoOutput.parse(null, CATALOGUE).notes().get(0).contains("(empty output)"));
        SourceReading garbage = RocminfoOutput.parse(Fixtures.text("tools/garbage.txt"), CATALOGUE);
        assertEquals(List.of(), garbage.devices());
        assertTrue(garbage.notes().get(0).contains("Segmentation fault"), garbage.notes().toString());
    }

    @Test
    void gpuAgentWithoutAGfxNameFallsBackToItsIsaThenToANote() {
        String fallback = """
                *******
                Agent 1
                *******
                  Name:                    Radeon something
                  Device Type:             GPU
                  ISA Info:
                    ISA 1
                      Name:                    amdgcn-amd-amdhsa--gfx1201
                *******
                Agent 2
                *******
                  Name:                    mystery
                  Device Type:             GPU
                *******
                Agent 3
                *******
                  Name:                    gfx1100
                """;

        SourceReading reading = RocminfoOutput.parse(fallback, CATALOGUE);

        assertEquals(List.of("gfx1201"), reading.devices().stream().map(GpuDevice::gfx).toList());
        assertEquals("", reading.devices().get(0).nodeId());
        assertEquals(List.of("rocminfo: agent 2: GPU without a gfx name (Name: 'mystery')",
                "rocminfo: agent 3: no 'Device Type' line"), reading.notes());
    }
}
