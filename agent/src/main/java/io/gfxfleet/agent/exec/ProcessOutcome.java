package io.gfxfleet.agent.exec;

import java.time.Duration;

/**
 * How a process ended: {@code timedOut} when its own bound stopped it, {@code killed} when its
 * job's cancellation did. {@code exitCode} is what {@link Process#exitValue()} gave: for a child killed
 * by signal N, the JDK on Linux and macOS already reports {@code 128 + N} (as a shell does), so no
 * code here rewrites it.
 */
public record ProcessOutcome(int exitCode, boolean timedOut, boolean killed, Duration elapsed) {
    /** A child killed by signal N, as the JDK reports it: 128+N (and not our own timeout or kill). */
    public boolean crashedBySignal() {
        return !timedOut && !killed && exitCode > 128 && exitCode < 160;
    }

    public int signal() {
        return crashedBySignal() ? exitCode - 128 : 0;
    }
}
