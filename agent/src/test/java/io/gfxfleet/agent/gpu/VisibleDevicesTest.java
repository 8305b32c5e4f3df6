package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ROCR_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES in detection, on a fake KFD tree and fake tools: only
 * the visible GPUs count, whichever source wins.
 */
class VisibleDevicesTest {
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();

    @TempDir
    Path tmp;

    private FakeSysfs sysfs;
    private FakeTools tools;

    @BeforeEach
    void setUp() throws IOException {
        sysfs = new FakeSysfs(tmp.resolve("sys"));
        tools = new FakeTools(tmp.resolve("bin"));
    }

    private Detection detect(String rocr, String hip) {
        GpuDetector.Settings settings = new GpuDetector.Settings(sysfs.root, List.of(tools.dir), Duration.ofSeconds(20))
                .withVisible(new VisibleDevices(rocr, hip));
        return new GpuDetector(settings, CATALOGUE).detect();
    }

    /** A CPU node, then an MI325X (GPU 0) and an RX 7900 XTX (GPU 1). */
    private void twoKindsOfGpu() throws IOException {
        sysfs.cpu(0, "kfd/cpu-epyc-9654.properties").gpu(1, "kfd/gpu-mi325x.properties", 128)
                .gpu(2, "kfd/gpu-rx7900xtx.properties", 136);
    }

    @Test
    void kfdGpusAreCountedByIndexAmongGpusNotNodes() throws IOException {
        twoKindsOfGpu();
        assertEquals(List.of("gfx942", "gfx1100"), detect(null, null).gfxTargets());

        Detection second = detect("1", null);
        assertEquals(List.of("gfx1100"), second.gfxTargets());
        assertTrue(second.families().contains("gfx110X-all") && !second.families().contains("gfx94X-dcgpu"), second.families().toString());
        assertTrue(second.notes().stream().anyMatch(n -> n.contains("1 of 2 GPU(s) visible") && n.contains("ROCR_VISIBLE_DEVICES=1")),
                second.notes().toString());
        // The listed order is the order the runtimes give them.
        assertEquals(List.of("gfx1100", "gfx942"), detect("1,0", null).gfxTargets());
    }

    @Test
    void aUuidFromKfdsUniqueIdSelectsItsGpu() throws IOException {
        twoKindsOfGpu();
        List<GpuDevice> all = detect(null, null).devices();
        assertEquals("GPU-2cb5f004e9e0ed21", all.get(1).uuid(), "KFD unique_id in hex, as ROCr prints it");
        assertEquals(List.of("gfx1100"), detect("GPU-2CB5F004E9E0ED21", null).gfxTargets());
    }

    @Test
    void hipIndicesCountWithinWhatRocrLeft() throws IOException {
        twoKindsOfGpu();
        assertEquals(List.of("gfx942"), detect("1,0", "1").gfxTargets());
        assertEquals(List.of("gfx942"), detect(null, "0").gfxTargets());
    }

    @Test
    void anEntryNamingNoGpuEndsTheListAndEmptyHidesAll() throws IOException {
        twoKindsOfGpu();
        Detection cut = detect("0,7,1", null);
        assertEquals(List.of("gfx942"), cut.gfxTargets());
        assertTrue(cut.notes().stream().anyMatch(n -> n.contains("'7' names no GPU of 2")), cut.notes().toString());

        Detection none = detect("", null);
        assertFalse(none.found());
        assertTrue(none.notes().stream().anyMatch(n -> n.contains("ROCR_VISIBLE_DEVICES is set but empty")), none.notes().toString());
    }

    @Test
    void toolSourcesAreFilteredTheSameWay() throws IOException {
        // No KFD tree: offload-arch lists eight MI325X; only two are this job's.
        tools.replaying("offload-arch", "tools/offload-arch-mi325x-8gpu.txt", 0);
        Detection d = detect("3,5", null);
        assertEquals(2, d.devices().size());
        assertEquals("offload-arch", d.devices().get(0).source());

        // rocminfo names each GPU's UUID.
        FakeTools rocminfoOnly = tools;
        rocminfoOnly.script("offload-arch", "exit 1\n").replaying("rocminfo", "tools/rocminfo-rx7900xtx.txt", 0);
        assertEquals(List.of("gfx1100"), detect("GPU-2cf1a6ecc2be8e1f", null).gfxTargets());
        assertFalse(detect("GPU-0000000000000001", null).found());
    }
}
