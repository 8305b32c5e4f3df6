package io.gfxfleet.orchestrator.scheduler;

import io.gfxfleet.orchestrator.store.ReapResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReaperScheduleTest {
    private final ReaperSchedule schedule = new ReaperSchedule(Duration.ofSeconds(1));

    private static ReapResult nextExpiryIn(Duration d) {
        return new ReapResult(List.of(), List.of(), List.of(), d);
    }

    @Test
    void comesBackWhenTheEarliestLeaseExpiresWithinThePeriod() {
        assertEquals(Duration.ofMillis(437), schedule.after(nextExpiryIn(Duration.ofMillis(437))));
    }

    @Test
    void comesBackAfterThePeriodWhenNoLeaseExpiresSooner() {
        assertEquals(Duration.ofSeconds(1), schedule.after(nextExpiryIn(Duration.ofSeconds(59))));
        assertEquals(Duration.ofSeconds(1), schedule.after(nextExpiryIn(null)));
    }

    @Test
    void aDueLeaseAnotherPassHoldsIsLookedAtAgainShortlyNotInABusyLoop() {
        assertEquals(ReaperSchedule.DUE_BUT_HELD, schedule.after(nextExpiryIn(Duration.ZERO)));
    }
}
