package io.gfxfleet.agent.exec;

import java.time.Duration;

/**
 * How a process ended: {@code timedOut} when its own bound stopped it, {@code killed} when its
 * job's cancellation did. Java reports a process a signal ended (on Linux) as exit {@code 128 + signal}.
 */
public record ProcessOutcome(int exitCode, boolean timedOut, boolean killed, Duration elapsed) {
    /** On Linux a child killed by signal N exits with 128+N as seen through Java. */
    public boolean crashedBySignal() {
        return !timedOut && !killed && exitCode > 128 && exitCode < 160;
    }

    public int signal() {
        return crashedBySignal() ? exitCode - 128 : 0;
    }
}
