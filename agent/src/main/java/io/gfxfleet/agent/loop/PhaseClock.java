package io.gfxfleet.agent.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a job's wall time went, phase by phase, for one log line an operator (or the agent
 * benchmark) can read: each {@link #lap} closes the phase that started at the previous lap. Beside
 * it, the agent process's own CPU per phase ({@link #cpu()}, its children not counted): on a
 * loaded machine wall time is noise, and a phase that is CPU-bound (class loading, JIT) shows here.
 */
public final class PhaseClock {
    private static final Path SELF_STAT = Path.of("/proc/self/stat");
    /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
    private static final long TICKS_PER_SECOND = 100;

    private final List<String> phases = new ArrayList<>();
    private final List<String> cpuPhases = new ArrayList<>();
    private long last = System.nanoTime();
    private long lastCpuMs = processCpuMillis();

    /** Ends the phase running since the last lap (or since this clock was made) under {@code name}. */
    synchronized void lap(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + Duration.ofNanos(now - last).toMillis() + " ms");
        last = now;
        long cpu = processCpuMillis();
        if (cpu >= 0 && lastCpuMs >= 0) {
            cpuPhases.add(name + " " + (cpu - lastCpuMs) + " ms");
        }
        lastCpuMs = cpu;
    }

    @Override
    public synchronized String toString() {
        return String.join(", ", phases);
    }

    /** This process's CPU (user and system) in each phase; empty where the OS does not say (not Linux). */
    public synchronized String cpu() {
        return String.join(", ", cpuPhases);
    }

    /** Milliseconds since this process started (to 10 ms, as the OS keeps it), when the OS says. */
    public static Optional<Long> sinceProcessStart() {
        Optional<Instant> start = ProcessHandle.current().info().startInstant();
        return start.map(s -> Duration.between(s, Instant.now()).toMillis());
    }

    /**
     * CPU this process used so far, user and system, in milliseconds (to 10 ms); -1 where there is
     * no {@code /proc/self/stat}. Read from the file rather than the management beans: loading
     * those on the way to a verdict would cost more than what they measure.
     */
    static long processCpuMillis() {
        try {
            String stat = Files.readString(SELF_STAT);
            // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the name: state is field 3, utime field 14 and stime field 15.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
