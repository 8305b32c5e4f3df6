package io.gfxfleet.agent.platform;

import io.gfxfleet.agent.pip.IsolatedEnvironment;
import io.gfxfleet.protocol.layout.Platform;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both platforms' logic, run on Linux: layouts, command lines, environments and the Windows GPU tools' output. */
class HostPlatformTest {
    private static final Path VENV = Path.of("work", ".venv with spaces");

    @Test
    void venvLayouts() {
        HostPlatform linux = HostPlatform.of(Platform.LINUX);
        HostPlatform windows = HostPlatform.of(Platform.WINDOWS);
        assertEquals(VENV.resolve("bin").resolve("python"), linux.venvPython(VENV));
        assertEquals(VENV.resolve("bin").resolve("rocm-sdk"), linux.consoleScript(VENV, "rocm-sdk"));
        assertEquals(VENV.resolve("Scripts").resolve("python.exe"), windows.venvPython(VENV));
        assertEquals(VENV.resolve("Scripts").resolve("rocm-sdk.exe"), windows.consoleScript(VENV, "rocm-sdk"));
        assertTrue(linux.profilerStep() && linux.venvTemplates());
        assertFalse(windows.profilerStep() || windows.venvTemplates(), "no profiler, and no copied .exe launchers, on Windows");
    }

    @Test
    void processTreesAreKilledByTaskkillOnWindowsOnly() {
        assertEquals(List.of("taskkill", "/PID", "4242", "/T", "/F"), HostPlatform.of(Platform.WINDOWS).treeKillCommand(4242));
        assertEquals(List.of(), HostPlatform.of(Platform.LINUX).treeKillCommand(4242));
    }

    @Test
    void pipIsolationOnWindowsUsesNulAndItsOwnPathVariable() {
        Map<String, String> base = Map.of("Path", "C:\\Windows\\system32;C:\\Python312", "PIP_INDEX_URL", "https://elsewhere/",
                "SYSTEMROOT", "C:\\Windows");
        Map<String, String> env = IsolatedEnvironment.forVenv(base, VENV, "gfx1151", HostPlatform.of(Platform.WINDOWS));
        assertEquals("NUL", env.get("PIP_CONFIG_FILE"));
        assertEquals(VENV.resolve("Scripts") + ";C:\\Windows\\system32;C:\\Python312", env.get("Path"));
        assertFalse(env.containsKey("PIP_INDEX_URL"));
        assertEquals("C:\\Windows", env.get("SYSTEMROOT"), "Windows processes need SYSTEMROOT");
        assertEquals(VENV.toString(), env.get("VIRTUAL_ENV"));

        Map<String, String> linux = IsolatedEnvironment.forVenv(Map.of("PATH", "/usr/bin"), VENV, null, HostPlatform.of(Platform.LINUX));
        assertEquals("/dev/null", linux.get("PIP_CONFIG_FILE"));
        assertEquals(VENV.resolve("bin") + ":/usr/bin", linux.get("PATH"));
    }

    /** hipInfo's device blocks (HIP's hipInfo: padded "key:  value" lines, gcnArchName with target features). */
    @Test
    void hipInfoOutput() {
        String out = """
                --------------------------------------------------------------------------------
                device#                           0
                Name:                             AMD Radeon RX 7900 XTX
                pciBusID:                         3
                multiProcessorCount:              48
                totalGlobalMem:                   23.98 GB
                gcnArchName:                      gfx1100
                --------------------------------------------------------------------------------
                device#                           1
                Name:                             AMD Instinct MI210
                gcnArchName:                      gfx90a:sramecc+:xnack-
                """;
        assertEquals(List.of("gfx1100", "gfx90a"), GpuToolOutput.devices(out));
    }

    /** amd-smi static --asic: the target under each GPU's ASIC block. */
    @Test
    void amdSmiStaticOutput() {
        String out = """
                GPU: 0
                    ASIC:
                        MARKET_NAME: AMD Radeon(TM) 8060S Graphics
                        VENDOR_ID: 0x1002
                        DEVICE_ID: 0x1586
                        NUM_COMPUTE_UNITS: 40
                        TARGET_GRAPHICS_VERSION: gfx1151

                """;
        assertEquals(Set.of("gfx1151"), GpuToolOutput.targets(out));
    }

    @Test
    void offloadArchOutputAndWhatTheHealthCheckMakesOfIt() {
        assertEquals(Set.of("gfx1201"), GpuToolOutput.targets("gfx1201\r\ngfx1201\r\n"));
        assertEquals(Set.of(), GpuToolOutput.targets("hipInfo: no ROCm-capable device is detected\n"));
    }
}
