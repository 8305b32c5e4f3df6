package io.gfxfleet.agent.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a job's wall time went, phase by phase, for one log line an operator (or the agent
 * benchmark) can read: each {@link #lap} closes the phase that started at the previous lap.
 */
public final class PhaseClock {
    private final List<String> phases = new ArrayList<>();
    private long last = System.nanoTime();

    /** Ends the phase running since the last lap (or since this clock was made) under {@code name}. */
    synchronized void lap(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + Duration.ofNanos(now - last).toMillis() + " ms");
        last = now;
    }

    @Override
    public synchronized String toString() {
        return String.join(", ", phases);
    }

    /** Milliseconds since this process started (to 10 ms, as the OS keeps it), when the OS says. */
    public static Optional<Long> sinceProcessStart() {
        Optional<Instant> start = ProcessHandle.current().info().startInstant();
        return start.map(s -> Duration.between(s, Instant.now()).toMillis());
    }
}
