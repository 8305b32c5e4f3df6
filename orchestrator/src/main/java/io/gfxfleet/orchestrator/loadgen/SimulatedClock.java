package io.gfxfleet.orchestrator.loadgen;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time each filling thread is at in a simulated year: the store stamps runs, leases and
 * results with it, so a year of history is written through the store's own paths in minutes.
 * Per thread, because several threads fill different days at once.
 */
final class SimulatedClock extends Clock {
    private final ThreadLocal<Long> millis = ThreadLocal.withInitial(System::currentTimeMillis);

    void set(long epochMillis) {
        millis.set(epochMillis);
    }

    void advance(long ms) {
        millis.set(millis.get() + ms);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
