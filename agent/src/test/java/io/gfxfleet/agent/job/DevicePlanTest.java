package io.gfxfleet.agent.job;

import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunPackaging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan of kpack and legacy runs, read from a real PEP 503 root page and a real flat find-links
 * page: device extras (every ISA of the family), refusals by name, the kind worked out from the index.
 */
class DevicePlanTest {
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();
    private static final String V = "7.10.0";

    @TempDir
    Path dir;

    @Test
    void aFamilyExpandsToOneDeviceExtraPerIsaInCatalogueOrder() {
        assertEquals(List.of("device-gfx1100", "device-gfx1101", "device-gfx1102", "device-gfx1103"),
                DeviceExtras.forFamily("gfx110X-all", CATALOGUE));
        assertEquals(List.of("device-gfx942"), DeviceExtras.forFamily("gfx94X-dcgpu", CATALOGUE));
        assertEquals("rocm-sdk-device-gfx1101", DeviceExtras.projectOf("device-gfx1101"));
        PlanRefusedException unknown = assertThrows(PlanRefusedException.class, () -> DeviceExtras.forFamily("gfx999X-none", CATALOGUE));
        assertTrue(unknown.getMessage().contains("gfx999X-none"), unknown.getMessage());
    }

    @Test
    void aDeviceExtraForAnIsaTheFamilyLacksIsRefusedByName() {
        DeviceExtras.requireOfFamily("gfx110X-all", List.of("libraries", "device-gfx1100", "device-gfx1103"), CATALOGUE);
        PlanRefusedException e = assertThrows(PlanRefusedException.class,
                () -> DeviceExtras.requireOfFamily("gfx110X-all", List.of("libraries", "device-gfx1100", "device-gfx942"), CATALOGUE));
        assertTrue(e.getMessage().contains("device-gfx942") && e.getMessage().contains("gfx110X-all"), e.getMessage());
    }

    @Test
    void aKpackRunIndexPlansEveryIsaOfTheFamilyInLibrariesAndDevelAndAProfilerStepWithout() throws IOException {
        Set<String> projects = projectsOfIndex("rocm", "rocm-sdk-core", "rocm-sdk-libraries", "rocm-sdk-device-gfx1100",
                "rocm-sdk-device-gfx1101", "rocm-sdk-device-gfx1102", "rocm-sdk-device-gfx1103", "rocm-sdk-device-gfx942",
                "rocm-sdk-devel", "rocm-profiler");
        assertEquals(RunPackaging.KPACK, IndexPackaging.of(projects));
        List<PlanStep> plan = PlanStep.planFor(RunPackaging.KPACK, "gfx110X-all", projects, CATALOGUE);
        assertEquals(List.of(
                        "rocm[libraries,device-gfx1100,device-gfx1101,device-gfx1102,device-gfx1103]==" + V,
                        "rocm[libraries,devel,device-gfx1100,device-gfx1101,device-gfx1102,device-gfx1103]==" + V,
                        "rocm[profiler]==" + V),
                plan.stream().map(s -> s.requirement(V)).toList());
        assertEquals(List.of(true, false, true), plan.stream().map(PlanStep::freshVenv).toList());
        assertEquals(List.of("gfx1100", "gfx1101", "gfx1102", "gfx1103"), plan.get(0).deviceTargets());
        assertTrue(plan.get(2).deviceTargets().isEmpty());
        assertEquals(List.of("base", "core", "libraries"), plan.get(0).expect(), "the libraries tests must run");
    }

    @Test
    void aKpackRunMissingADeviceWheelOfTheFamilyIsRefusedNamingIt() throws IOException {
        Set<String> projects = projectsOfIndex("rocm", "rocm-sdk-core", "rocm-sdk-libraries", "rocm-sdk-device-gfx1100",
                "rocm-sdk-device-gfx1101", "rocm-sdk-device-gfx1103", "rocm-sdk-devel");
        PlanRefusedException e = assertThrows(PlanRefusedException.class,
                () -> PlanStep.planFor(RunPackaging.KPACK, "gfx110X-all", projects, CATALOGUE));
        assertTrue(e.getMessage().contains("rocm-sdk-device-gfx1102") && !e.getMessage().contains("rocm-sdk-device-gfx1101,"),
                e.getMessage());
        // The arch-neutral libraries alone (no device wheel at all) is still a kpack run: refused, not planned as legacy.
        Set<String> none = projectsOfIndex("rocm", "rocm-sdk-core", "rocm-sdk-libraries", "rocm-sdk-devel");
        assertEquals(RunPackaging.KPACK, IndexPackaging.of(none));
        assertThrows(PlanRefusedException.class, () -> PlanStep.planFor(RunPackaging.KPACK, "gfx94X-dcgpu", none, CATALOGUE));
    }

    @Test
    void aLegacyFindLinksPageIsPlannedWithoutDeviceExtras() throws IOException {
        Path flat = dir.resolve("gfx94X-dcgpu").resolve("index.html");
        Files.createDirectories(flat.getParent());
        Files.writeString(flat, """
                <a href="../rocm-7.10.0.tar.gz">rocm-7.10.0.tar.gz</a>
                <a href="../rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl#sha256=00">rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl</a>
                <a href="rocm_sdk_libraries_gfx94X_dcgpu-7.10.0-py3-none-linux_x86_64.whl">rocm_sdk_libraries_gfx94X_dcgpu-7.10.0-py3-none-linux_x86_64.whl</a>
                <a href="../rocm_profiler-7.10.0-py3-none-linux_x86_64.whl">rocm_profiler-7.10.0-py3-none-linux_x86_64.whl</a>
                """);
        Set<String> projects = new RunIndexProbe().projects(new PackageSources(null, null, flat.toUri().toString()));
        assertEquals(Set.of("rocm", "rocm-sdk-core", "rocm-sdk-libraries-gfx94x-dcgpu", "rocm-profiler"), projects);
        assertEquals(RunPackaging.LEGACY, IndexPackaging.of(projects));
        List<PlanStep> plan = PlanStep.planFor(RunPackaging.LEGACY, "gfx94X-dcgpu", projects, CATALOGUE);
        assertEquals(List.of("rocm[libraries]==" + V, "rocm[libraries,devel]==" + V, "rocm[profiler]==" + V),
                plan.stream().map(s -> s.requirement(V)).toList());
    }

    @Test
    void aKpackFindLinksPageIsWorkedOutAsKpack() throws IOException {
        Path flat = dir.resolve("index.html");
        Files.writeString(flat, """
                <a href="rocm-7.10.0.tar.gz">rocm-7.10.0.tar.gz</a>
                <a href="rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl">core</a>
                <a href="rocm_sdk_libraries-7.10.0-py3-none-linux_x86_64.whl">libraries</a>
                <a href="rocm_sdk_device_gfx942-7.10.0-py3-none-linux_x86_64.whl">gfx942</a>
                """);
        Set<String> projects = new RunIndexProbe().projects(new PackageSources(null, null, dir.toUri().toString()));
        assertEquals(RunPackaging.KPACK, IndexPackaging.of(projects));
        assertEquals(List.of("rocm[libraries,device-gfx942]==" + V, "rocm[libraries,devel,device-gfx942]==" + V),
                PlanStep.planFor(RunPackaging.KPACK, "gfx94X-dcgpu", projects, CATALOGUE).stream().map(s -> s.requirement(V)).toList());
    }

    @Test
    void theTargetPinIsAnIsaOfTheFamilyOnThisMachineNeverTheFamilyName() {
        assertEquals("gfx942", TargetPin.choose("gfx94X-dcgpu", List.of("gfx942"), CATALOGUE));
        // A machine with two kinds of GPU: the first device of the job's family, not the first device.
        assertEquals("gfx1101", TargetPin.choose("gfx110X-all", List.of("gfx942", "gfx1101", "gfx1100"), CATALOGUE));
        // No device known (an agent trusted with --gpu-family): the family's first ISA.
        assertEquals("gfx1100", TargetPin.choose("gfx110X-all", List.of(), CATALOGUE));
        assertEquals(List.of("gfx1101", "gfx1100"), TargetPin.present("gfx110X-all", List.of("gfx942", "gfx1101", "gfx1100"), CATALOGUE));
        assertEquals(List.of("gfx1100", "gfx1101", "gfx1102", "gfx1103"), TargetPin.present("gfx110X-all", List.of(), CATALOGUE));
        assertThrows(PlanRefusedException.class, () -> TargetPin.choose("not-a-family", List.of("gfx942"), CATALOGUE));
    }

    private Set<String> projectsOfIndex(String... names) throws IOException {
        Path index = dir.resolve("simple");
        Files.createDirectories(index);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (String n : names) {
            html.append("<a href=\"").append(n).append("/\">").append(n).append("</a>\n");
        }
        Files.writeString(index.resolve("index.html"), html.append("</body></html>\n"));
        return new RunIndexProbe().projects(new PackageSources(null, index.toUri().toString(), null));
    }
}
