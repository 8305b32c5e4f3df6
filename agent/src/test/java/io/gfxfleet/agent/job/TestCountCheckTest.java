package io.gfxfleet.agent.job;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestCountCheckTest {
    @Test
    void noBaselineNoReport() {
        assertEquals(Optional.empty(), TestCountCheck.drop(null, 3));
    }

    @Test
    void aSmallDropIsNoise() {
        assertEquals(Optional.empty(), TestCountCheck.drop(27, 25));
    }

    @Test
    void farFewerTestsAreReportedWithBothCounts() {
        String why = TestCountCheck.drop(27, 19).orElseThrow();
        assertTrue(why.contains("19") && why.contains("27"), why);
    }
}
