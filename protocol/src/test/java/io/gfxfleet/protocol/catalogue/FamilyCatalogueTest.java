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
        assertEquals("linux-gfx942-1gpu-ccs-ossci-rocm", f.ci().orElseThrow().linuxRunner());
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
