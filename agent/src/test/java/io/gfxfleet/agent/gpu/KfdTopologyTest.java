package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KfdTopologyTest {
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();
    private static final String CPU_EPYC = "kfd/cpu-epyc-9654.properties";
    private static final String GPU_MI325X = "kfd/gpu-mi325x.properties";

    @TempDir
    Path tmp;

    private SourceReading read(FakeSysfs sysfs) {
        return new KfdTopology(sysfs.root, CATALOGUE).read();
    }

    @Test
    void singleMi325xBehindTwoCpuNodes() throws IOException {
        FakeSysfs sysfs = new FakeSysfs(tmp).cpu(0, CPU_EPYC).cpu(1, CPU_EPYC).gpu(2, GPU_MI325X, 128);

        SourceReading reading = read(sysfs);

        assertEquals(List.of(new GpuDevice("gfx942", "MI300A/MI300X/MI325X (CDNA3)", "2", "kfd-sysfs", OptionalInt.of(128), "GPU-f000000000000000")),
                reading.devices());
        assertEquals(List.of(), reading.notes(), "CPU nodes are not worth a note");
    }

    @Test
    void eightGpuBoxListsEveryGpuInNumericNodeOrder() throws IOException {
        // Dual-socket NPS2: four CPU nodes, then eight MI325X whose render minors step by 8.
        FakeSysfs sysfs = new FakeSysfs(tmp);
        for (int n = 0; n < 4; n++) {
            sysfs.cpu(n, CPU_EPYC);
        }
        for (int g = 0; g < 8; g++) {
            sysfs.gpu(4 + g, GPU_MI325X, 128 + 8 * g);
        }

        SourceReading reading = read(sysfs);

        assertEquals(IntStream.rangeClosed(4, 11).mapToObj(Integer::toString).toList(),
                reading.devices().stream().map(GpuDevice::nodeId).toList());
        assertEquals(IntStream.range(0, 8).map(g -> 128 + 8 * g).boxed().toList(),
                reading.devices().stream().map(d -> d.renderMinor().getAsInt()).toList());
        assertTrue(reading.devices().stream().allMatch(d -> d.gfx().equals("gfx942")));
        assertEquals("renderD184", reading.devices().get(7).renderNodeName());
    }

    @Test
    void radeonDesktopWithCpu() throws IOException {
        FakeSysfs sysfs = new FakeSysfs(tmp).cpu(0, "kfd/cpu-ryzen-7950x.properties").gpu(1, "kfd/gpu-rx7900xtx.properties", 128);

        SourceReading reading = read(sysfs);

        assertEquals(1, reading.devices().size());
        GpuDevice d = reading.devices().get(0);
        assertEquals("gfx1100", d.gfx());
        assertEquals("1", d.nodeId());
        assertEquals(CATALOGUE.target("gfx1100").orElseThrow().product(), d.product());
    }

    @Test
    void garbageNodeIsNotedAndTheOthersStillCount() throws IOException {
        FakeSysfs sysfs = new FakeSysfs(tmp).cpu(0, CPU_EPYC).node(1, Fixtures.bytes("kfd/garbage.properties"), "")
                .gpu(2, GPU_MI325X, 136);

        SourceReading reading = read(sysfs);

        assertEquals(List.of("2"), reading.devices().stream().map(GpuDevice::nodeId).toList());
        assertEquals(1, reading.notes().size(), reading.notes().toString());
        assertTrue(reading.notes().get(0).startsWith("kfd-sysfs: node 1: "), reading.notes().get(0));
        assertTrue(reading.notes().get(0).contains("no 'key value' lines"), reading.notes().get(0));
    }

    @Test
    void onlyGarbageYieldsNoDeviceAndSaysWhy() throws IOException {
        FakeSysfs sysfs = new FakeSysfs(tmp).node(0, Fixtures.bytes("kfd/garbage.properties"), "");

        SourceReading reading = read(sysfs);

        assertEquals(List.of(), reading.devices());
        assertTrue(reading.notes().stream().anyMatch(n -> n.contains("none of them a GPU")), reading.notes().toString());
    }

    @Test
    void impossibleTargetVersionIsNoted() throws IOException {
        String props = Fixtures.text(GPU_MI325X).replace("gfx_target_version 90402", "gfx_target_version 91799");
        FakeSysfs sysfs = new FakeSysfs(tmp).node(1, props.getBytes(StandardCharsets.UTF_8), "ip discovery");

        SourceReading reading = read(sysfs);

        assertEquals(List.of(), reading.devices());
        assertTrue(reading.notes().get(0).contains("gfx_target_version 91799 is not a valid processor version"),
                reading.notes().toString());
    }

    @Test
    void gpuNodeFromAKernelWithoutTargetVersionIsNoted() throws IOException {
        String props = Fixtures.text(GPU_MI325X).replaceAll("(?m)^gfx_target_version .*\\n", "");
        FakeSysfs sysfs = new FakeSysfs(tmp).node(1, props.getBytes(StandardCharsets.UTF_8), "vega10");

        SourceReading reading = read(sysfs);

        assertEquals(List.of(), reading.devices());
        assertTrue(reading.notes().get(0).contains("no gfx_target_version"), reading.notes().toString());
    }

    @Test
    void targetMissingFromTheCatalogueKeepsTheKfdName() throws IOException {
        // gfx940 (early MI300 silicon) is a real target that the catalogue does not list.
        String props = Fixtures.text(GPU_MI325X).replace("gfx_target_version 90402", "gfx_target_version 90400");
        FakeSysfs sysfs = new FakeSysfs(tmp).node(1, props.getBytes(StandardCharsets.UTF_8), "ip discovery");

        GpuDevice d = read(sysfs).devices().get(0);

        assertEquals("gfx940", d.gfx());
        assertEquals("unknown (KFD name 'ip discovery')", d.product());
    }

    @Test
    void missingTopologySaysWhereItLooked() {
        SourceReading reading = new KfdTopology(tmp.resolve("no-sysfs"), CATALOGUE).read();

        assertEquals(List.of(), reading.devices());
        assertEquals(1, reading.notes().size());
        assertTrue(reading.notes().get(0).contains(tmp.resolve("no-sysfs/class/kfd/kfd/topology/nodes").toString()),
                reading.notes().get(0));
    }

    @Test
    void emptyNodesDirectoryAndStrayEntries() throws IOException {
        FakeSysfs sysfs = new FakeSysfs(tmp);
        Files.createDirectories(sysfs.nodes().resolve("not-a-node"));

        SourceReading reading = read(sysfs);

        assertEquals(List.of(), reading.devices());
        assertTrue(reading.notes().get(0).contains("no numbered node directories"), reading.notes().toString());
    }

    @Test
    void nodeWithoutPropertiesFileIsNoted() throws IOException {
        FakeSysfs sysfs = new FakeSysfs(tmp).gpu(1, GPU_MI325X, 128);
        Files.createDirectories(sysfs.nodes().resolve("0"));

        SourceReading reading = read(sysfs);

        assertEquals(1, reading.devices().size());
        assertTrue(reading.notes().get(0).startsWith("kfd-sysfs: node 0: cannot read"), reading.notes().toString());
    }
}
