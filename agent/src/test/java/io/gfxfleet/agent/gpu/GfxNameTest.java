package io.gfxfleet.agent.gpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GfxNameTest {
    @ParameterizedTest
    @CsvSource({
            "90010, gfx90a", "90402, gfx942", "110000, gfx1100", "110001, gfx1101", "120001, gfx1201",
            "100300, gfx1030", "90012, gfx90c", "90500, gfx950", "90000, gfx900", "90006, gfx906",
            "90008, gfx908", "110501, gfx1151", "120500, gfx1250", "100100, gfx1010"})
    void kfdTargetVersionsMapToLlvmProcessorNames(long version, String gfx) {
        assertEquals(Optional.of(gfx), GfxName.fromTargetVersion(version));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 91600, 90016, 42})
    void impossibleVersionsAreRejected(long version) {
        assertEquals(Optional.empty(), GfxName.fromTargetVersion(version));
    }

    @ParameterizedTest
    @CsvSource({"gfx942, gfx942", "gfx90a:sramecc+:xnack-, gfx90a", "'  GFX1100 ', gfx1100", "gfx1201:xnack+, gfx1201"})
    void featuresAndCaseAreNormalised(String raw, String gfx) {
        assertEquals(Optional.of(gfx), GfxName.parse(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sm_80", "gfx9-4-generic", "gfx11-generic", "amdgcn-amd-amdhsa--gfx942", "gfx", "gfx9", "AMD EPYC 9654"})
    void nonProcessorNamesAreRejected(String raw) {
        assertEquals(Optional.empty(), GfxName.parse(raw));
    }

    @Test
    void nullIsNotAName() {
        assertEquals(Optional.empty(), GfxName.parse(null));
    }
}
