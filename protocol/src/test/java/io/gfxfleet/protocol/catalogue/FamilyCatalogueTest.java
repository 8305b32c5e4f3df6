package io.gfxfleet.protocol.catalogue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyCatalogueTest {
    final FamilyCatalogue catalogue = FamilyCatalogue.bundled();

    @Test
    void aTargetBelongsToEveryFamilyOfItsOwn() {
        List<String> families = catalogue.familiesFor(List.of("gfx942"));
        assertTrue(families.containsAll(List.of("gfx94X-dcgpu", "gfx94X-all", "dcgpu-all")), families.toString());
        assertFalse(families.contains("gfx950-dcgpu"), "gfx950 work must never go to a gfx942 machine");
    }

    @Test
    void ciFamiliesNamedAfterABareTargetCoverThatTarget() {
        assertTrue(catalogue.isFamily("gfx1151"));
        assertEquals(List.of("gfx1151"), catalogue.family("gfx1151").orElseThrow().targets());
        assertTrue(catalogue.familiesFor(List.of("gfx90a")).contains("gfx90a"));
    }

    @Test
    void familiesCarryTheirRunnerPools() {
        Family f = catalogue.family("gfx94X-dcgpu").orElseThrow();
        Family.CiPool pool = f.ci().orElseThrow();
        assertEquals("linux-gfx942-1gpu-ccs-csp-ossci-rocm", pool.linuxRunner());
        assertEquals(List.of("linux-gfx942-1gpu-ccs-csp-ossci-rocm", "linux-gfx942-1gpu-ccs-ossci-rocm"), pool.linuxRunners(),
                "today's two gfx94X pools; the mi325 pool is retired");
        assertTrue(catalogue.families().values().stream().flatMap(x -> x.ci().stream())
                .flatMap(p -> p.linuxRunners().stream()).noneMatch(l -> l.contains("mi325")));
        assertEquals(List.of("linux"), catalogue.family("gfx110X-all").orElseThrow().ci().orElseThrow().nightlyCheckOnlyOn());
        assertEquals(List.of("linux", "windows"), catalogue.family("gfx120X-all").orElseThrow().ci().orElseThrow().nightlyCheckOnlyOn());
        assertTrue(catalogue.family("gfx950-dcgpu").orElseThrow().ci().orElseThrow().submoduleBumpTestsOnly());
        assertTrue(catalogue.family("gfx90a").orElseThrow().ci().orElseThrow().submoduleBumpTestsOnly());
        assertFalse(pool.submoduleBumpTestsOnly());
        assertEquals(List.of("device-gfx1100", "device-gfx1101", "device-gfx1102", "device-gfx1103"),
                catalogue.deviceExtras("gfx110X-all").subList(0, 4));
    }

    @Test
    void aBrokenCatalogueFileIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("families.json");
        Files.writeString(bad, "{\"targets\": [{\"product\": \"no gfx\"}]}");
        IOException e = assertThrows(IOException.class, () -> FamilyCatalogue.load(bad));
        assertTrue(e.getMessage().contains("families.json") && e.getMessage().contains("gfx"), e.getMessage());
    }
}
