package io.gfxfleet.protocol.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedule with a given random source and clock: exact, without sleeping. */
class BackoffScheduleTest {
    /** A random source that always draws its bound's top (or bottom): the schedule's envelope. */
    private static RandomGenerator always(boolean top) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return top ? bound - 1 : 0;
            }
        };
    }

    @Test
    void ceilingsDoubleUpToTheCapAndFloorsAreATenth() {
        long[] now = {0};
        Backoff top = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), null, null, always(true), () -> now[0]);
        List<Long> tops = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tops.add(top.next().toMillis());
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L), tops);
        Backoff bottom = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), null, null, always(false), () -> now[0]);
        assertEquals(100, bottom.next().toMillis());
        assertEquals(200, bottom.next().toMillis());
    }

    @Test
    void theWindowCountsElapsedTimeAttemptsIncludedAndCutsTheLastWait() {
        long[] now = {0};
        Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), null, Duration.ofSeconds(10),
                always(true), () -> now[0]);
        assertFalse(b.exhausted());
        assertEquals(Duration.ofSeconds(2), b.next());
        now[0] += Duration.ofSeconds(2 + 3).toNanos();   // the wait, then a 3 s attempt
        assertEquals(Duration.ofSeconds(4), b.next());
        now[0] += Duration.ofSeconds(4).toNanos();       // 9 s gone: 1 s of the window left
        assertFalse(b.exhausted());
        assertEquals(Duration.ofSeconds(1), b.next(), "cut to end with the window");
        now[0] += Duration.ofSeconds(1).toNanos();
        assertTrue(b.exhausted());
        b.reset();
        assertFalse(b.exhausted(), "the window starts again");
        assertEquals(Duration.ofSeconds(2), b.next());
    }

    @Test
    void aSeededSourceGivesTheSameJitteredScheduleTwice() {
        List<Duration> a = schedule(new SplittableRandom(7));
        assertEquals(a, schedule(new SplittableRandom(7)));
        assertTrue(a.stream().distinct().count() > 1, a.toString());
    }

    private static List<Duration> schedule(RandomGenerator random) {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(20), null, random, () -> 0);
        List<Duration> out = new ArrayList<>();
        while (!b.exhausted()) {
            out.add(b.next());
        }
        return out;
    }
}
