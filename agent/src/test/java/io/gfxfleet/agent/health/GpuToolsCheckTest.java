package io.gfxfleet.agent.health;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Windows GPU check's verdicts over what a GPU tool showed. */
class GpuToolsCheckTest {
    @Test
    void everyExpectedTargetMustBeShown() {
        assertEquals(List.of(), GpuToolsCheck.problems("hipInfo", Set.of("gfx1151"), List.of("gfx1151")));
        assertEquals(List.of("`hipInfo` shows no AMD GPU"), GpuToolsCheck.problems("hipInfo", Set.of(), List.of("gfx1151")));
        assertEquals(List.of("`amd-smi static --asic` shows [gfx1100], not [gfx1201]"),
                GpuToolsCheck.problems("amd-smi static --asic", Set.of("gfx1100"), List.of("gfx1201")));
    }
}
