package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuDetectorTest {
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

    private Detection detect() {
        return detect(Duration.ofSeconds(20));
    }

    private Detection detect(Duration timeout) {
        GpuDetector.Settings settings = new GpuDetector.Settings(sysfs.root, List.of(tools.dir), timeout);
        return new GpuDetector(settings, CATALOGUE).detect();
    }

    @Test
    void kfdWinsAndToolsAreNotNeeded() throws IOException {
        sysfs.cpu(0, "kfd/cpu-epyc-9654.properties").cpu(1, "kfd/cpu-epyc-9654.properties")
                .gpu(2, "kfd/gpu-mi325x.properties", 128);
        // A tool that would contradict KFD: it must not be consulted.
        tools.replaying("offload-arch", "tools/offload-arch-mixed-vendors.txt", 0);

        Detection d = detect();

        assertEquals(List.of("gfx942"), d.gfxTargets());
        assertEquals("kfd-sysfs", d.devices().get(0).source());
        assertEquals(CATALOGUE.familiesFor(List.of("gfx942")), d.families());
        assertTrue(d.families().containsAll(List.of("gfx94X-dcgpu", "gfx94X-all", "dcgpu-all")), d.families().toString());
        assertFalse(d.families().contains("gfx950-dcgpu"));
        assertEquals(List.of(), d.notes());
    }

    @Test
    void eightGpuKfdBoxListsEveryDeviceAndFamiliesOnce() throws IOException {
        sysfs.cpu(0, "kfd/cpu-epyc-9654.properties").cpu(1, "kfd/cpu-epyc-9654.properties");
        for (int g = 0; g < 8; g++) {
            sysfs.gpu(2 + g, "kfd/gpu-mi325x.properties", 128 + 8 * g);
        }

        Detection d = detect();

        assertEquals(8, d.devices().size());
        assertEquals(List.of("gfx942"), d.gfxTargets());
        assertEquals(d.families().stream().distinct().toList(), d.families());
    }

    @Test
    void withoutKfdOffloadArchIsUsedAndTheKfdMissIsNoted() throws IOException {
        tools.replaying("offload-arch", "tools/offload-arch-mi325x-8gpu.txt", 0);

        Detection d = detect();

        assertEquals(Collections.nCopies(8, "offload-arch"), d.devices().stream().map(GpuDevice::source).toList());
        assertEquals(1, d.notes().size());
        assertTrue(d.notes().get(0).startsWith("kfd-sysfs: "), d.notes().toString());
    }

    @Test
    void failingToolsFallThroughToRocminfo() throws IOException {
        // offload-arch exits 1 with a message on stderr when it cannot reach the HSA runtime.
        tools.script("offload-arch", "echo 'Failed to load libhsa-runtime64.so' >&2\nexit 1\n")
                .replaying("rocminfo", "tools/rocminfo-rx7900xtx.txt", 0);

        Detection d = detect();

        assertEquals(List.of(new GpuDevice("gfx1100", "Radeon RX 7900 XTX", "1", "rocminfo", java.util.OptionalInt.empty(), "GPU-2cf1a6ecc2be8e1f")), d.devices());
        assertTrue(d.families().contains("gfx110X-all"), d.families().toString());
        assertEquals(2, d.notes().size(), d.notes().toString());
        assertTrue(d.notes().get(1).contains("offload-arch exited with status 1: Failed to load libhsa-runtime64.so"),
                d.notes().toString());
    }

    @Test
    void rocminfoPermissionErrorFallsThroughToTheAgentEnumerator() throws IOException {
        tools.failing("rocminfo", "tools/rocminfo-no-permission.txt", 1)
                .replaying("rocm_agent_enumerator", "tools/rocm_agent_enumerator-rx7900xtx.txt", 0);

        Detection d = detect();

        assertEquals(List.of("gfx1100"), d.gfxTargets());
        assertEquals("rocm_agent_enumerator", d.devices().get(0).source());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("rocminfo exited with status 1: Call returned HSA_STATUS_ERROR_OUT_OF_RESOURCES")),
                d.notes().toString());
    }

    @Test
    void nothingFoundNamesEverySourceItLookedAt() throws IOException {
        tools.replaying("rocm_agent_enumerator", "tools/rocm_agent_enumerator-cpu-only.txt", 0);

        Detection d = detect();

        assertFalse(d.found());
        assertEquals(List.of(), d.families());
        assertEquals(4, d.notes().size(), d.notes().toString());
        assertTrue(d.notes().get(0).startsWith("kfd-sysfs: " + sysfs.nodes()), d.notes().get(0));
        assertEquals("offload-arch: not found in " + tools.dir, d.notes().get(1));
        assertEquals("rocminfo: not found in " + tools.dir, d.notes().get(2));
        assertEquals("rocm_agent_enumerator: printed no GPU target", d.notes().get(3));
    }

    @Test
    void garbageFromEveryToolIsNotedNotThrown() throws IOException {
        sysfs.node(0, Fixtures.bytes("kfd/garbage.properties"), "");
        for (String tool : List.of("offload-arch", "rocminfo", "rocm_agent_enumerator")) {
            tools.replaying(tool, "tools/garbage.txt", 0);
        }

        Detection d = detect();

        assertFalse(d.found());
        assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("offload-arch: 3 unrecognised line(s)")), d.notes().toString());
        assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("rocminfo: no 'Agent N' blocks")), d.notes().toString());
        assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("rocm_agent_enumerator: 3 unrecognised")), d.notes().toString());
    }

    @Test
    void nonExecutableFileIsNotATool() throws IOException {
        Files.writeString(tools.dir.resolve("offload-arch"), "gfx942\n");

        Detection d = detect();

        assertEquals("offload-arch: not found in " + tools.dir, d.notes().get(1));
    }

    @Test
    void toolThatCannotStartIsNoted() throws IOException {
        // Executable bit set but no interpreter: exec fails with ENOEXEC/ENOENT.
        tools.script("offload-arch", "");
        Files.writeString(tools.dir.resolve("offload-arch"), "#!/nonexistent/interpreter\n");

        Detection d = detect();

        assertTrue(d.notes().get(1).contains("offload-arch could not be started"), d.notes().toString());
    }

    @Test
    void hangingToolIsKilledAtTheTimeout() throws IOException {
        tools.script("offload-arch", "exec sleep 600\n")
                .replaying("rocminfo", "tools/rocminfo-mi325x.txt", 0);

        Detection d = detect(Duration.ofMillis(500));

        assertEquals(List.of("gfx942"), d.gfxTargets());
        assertTrue(d.notes().get(1).endsWith("offload-arch timed out and was killed"), d.notes().toString());
    }

    @Test
    void targetUnknownToTheCatalogueIsNoted() throws IOException {
        tools.script("offload-arch", "echo gfx940\n");

        Detection d = detect();

        assertEquals(List.of("gfx940"), d.gfxTargets());
        assertEquals(List.of(), d.families());
        assertTrue(d.notes().contains("gfx940 is not in the family catalogue: no family can be tested on it"), d.notes().toString());
    }

    @Test
    void pathSearchAddsRocmBinAndSkipsBlankEntries() {
        assertEquals(List.of(Path.of("/a"), Path.of("/b"), GpuDetector.ROCM_BIN),
                GpuDetector.Settings.pathDirs("/a::/b:/a"));
    }

    /**
     * ROCR_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES, on the same fake KFD tree and tools: only the
     * visible GPUs count, whichever source wins.
     */
    @Nested
    class VisibleDevicesOnly {
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
}
