package io.gfxfleet.agent.job;

import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Device extras of a kpack-split run, read from a real PEP 503 root page and a flat find-links page. */
class DevicePlanTest {
    @TempDir
    Path dir;

    @Test
    void aKpackSplitRunInstallsTheFamilysDevicePackagesAsExtrasInBothSteps() throws IOException {
        Path index = dir.resolve("simple");
        Files.createDirectories(index);
        Files.writeString(index.resolve("index.html"), """
                <!DOCTYPE html><html><body>
                <a href="rocm/">rocm</a>
                <a href="rocm-sdk-core/">rocm-sdk-core</a>
                <a href="rocm-sdk-libraries/">rocm-sdk-libraries</a>
                <a href="rocm-sdk-device-gfx1100/">rocm-sdk-device-gfx1100</a>
                <a href="rocm-sdk-device-gfx1101/">rocm-sdk-device-gfx1101</a>
                <a href="rocm-sdk-device-gfx942/">rocm-sdk-device-gfx942</a>
                <a href="rocm-sdk-devel/">rocm-sdk-devel</a>
                </body></html>
                """);
        Set<String> projects = new RunIndexProbe().projects(new PackageSources(null, index.toUri().toString(), null));
        FamilyCatalogue catalogue = FamilyCatalogue.bundled();

        List<String> family110 = DeviceExtras.forFamily("gfx110X-all", projects, catalogue);
        List<String> expected = catalogue.family("gfx110X-all").orElseThrow().targets().stream()
                .filter(t -> t.equals("gfx1100") || t.equals("gfx1101")).map(t -> "device-" + t).toList();
        assertEquals(List.of("device-gfx1100", "device-gfx1101"), expected, "catalogue order, only targets the run built");
        assertEquals(expected, family110);

        List<PlanStep> plan = PlanStep.planFor(false, DeviceExtras.forFamily("gfx94X-dcgpu", projects, catalogue));
        assertEquals(List.of("rocm[libraries,device-gfx942]==7.10.0", "rocm[libraries,devel,device-gfx942]==7.10.0"),
                plan.stream().map(s -> s.requirement("7.10.0")).toList());
    }

    @Test
    void aLegacyRunAndAFlatPageWithoutDevicePackagesGetNoDeviceExtras() throws IOException {
        Path flat = dir.resolve("flat.html");
        Files.writeString(flat, """
                <a href="rocm-7.10.0.tar.gz">rocm-7.10.0.tar.gz</a>
                <a href="rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl">rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl</a>
                <a href="rocm_sdk_libraries_gfx94X_dcgpu-7.10.0-py3-none-linux_x86_64.whl">rocm_sdk_libraries_gfx94X_dcgpu-7.10.0-py3-none-linux_x86_64.whl</a>
                <a href="rocm_profiler-7.10.0-py3-none-linux_x86_64.whl">rocm_profiler-7.10.0-py3-none-linux_x86_64.whl</a>
                """);
        Set<String> projects = new RunIndexProbe().projects(new PackageSources(null, null, flat.toUri().toString()));
        assertEquals(List.of(), DeviceExtras.forFamily("gfx94X-dcgpu", projects, FamilyCatalogue.bundled()));
        List<PlanStep> plan = PlanStep.planFor(projects.contains("rocm-profiler"), List.of());
        assertEquals(List.of("rocm[libraries]==7.10.0", "rocm[libraries,devel]==7.10.0", "rocm[profiler]==7.10.0"),
                plan.stream().map(s -> s.requirement("7.10.0")).toList());
    }
}
