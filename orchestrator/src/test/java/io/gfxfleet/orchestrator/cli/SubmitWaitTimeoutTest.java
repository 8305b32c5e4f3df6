package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.submit.WaitTimeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code submit --timeout} text. */
class SubmitWaitTimeoutTest {
    @Test
    void acceptsSecondsMinutesHoursAndBareMinutes() {
        assertEquals(Duration.ofMinutes(90), WaitTimeout.parse("90m"));
        assertEquals(Duration.ofHours(2), WaitTimeout.parse("2h"));
        assertEquals(Duration.ofSeconds(45), WaitTimeout.parse("45s"));
        assertEquals(Duration.ofMinutes(120), WaitTimeout.parse("120"));
    }

    @Test
    void rejectsAnythingElseNamingTheOption() {
        for (String bad : new String[] {"", "0", "0m", "2d", "1h30m", "-5m", "m", "1.5h", "ninety"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> WaitTimeout.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--timeout must be"), e.getMessage());
        }
    }
}
