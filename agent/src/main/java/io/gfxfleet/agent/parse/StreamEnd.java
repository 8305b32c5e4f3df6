package io.gfxfleet.agent.parse;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** How the process whose output was parsed ended. */
public sealed interface StreamEnd {

    /** The process exited by itself with this status. */
    record Exited(int exitCode) implements StreamEnd {
        @Override
        public String describe() {
            return "exited with code " + exitCode;
        }
    }

    /** The process was killed by a signal (a segfault in a loaded library, an OOM kill, ...). */
    record Signalled(int signal) implements StreamEnd {
        private static final Map<Integer, String> NAMES = Map.of(1, "SIGHUP", 2, "SIGINT", 4, "SIGILL",
                6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");

        public Signalled {
            if (signal < 1 || signal > 64) {
                throw new IllegalArgumentException("signal must be 1..64, got " + signal);
            }
        }

        @Override
        public String describe() {
            String name = NAMES.get(signal);
            return "was killed by signal " + signal + (name == null ? "" : " (" + name + ")");
        }
    }

    /** The caller stopped the process because it ran past its time limit. */
    record TimedOut(Duration limit) implements StreamEnd {
        public TimedOut {
            Objects.requireNonNull(limit, "limit");
        }

        @Override
        public String describe() {
            return "timed out after " + limit.toSeconds() + " s";
        }
    }

    /** A saved log: how the process ended was not recorded. */
    record Unrecorded() implements StreamEnd {
        @Override
        public String describe() {
            return "ended (exit status not recorded)";
        }
    }

    /** Human-readable, to follow "rocm-sdk test". */
    String describe();

    static StreamEnd exited(int exitCode) {
        return new Exited(exitCode);
    }

    static StreamEnd signalled(int signal) {
        return new Signalled(signal);
    }

    static StreamEnd timedOut(Duration limit) {
        return new TimedOut(limit);
    }

    static StreamEnd unrecorded() {
        return new Unrecorded();
    }

    /**
     * From {@code Process.exitValue()} (also what Commons Exec returns): the JDK reports a process
     * killed by signal N as 128+N, so 129..192 are read as signals.
     */
    static StreamEnd fromExitValue(int exitValue) {
        return exitValue > 128 && exitValue <= 128 + 64 ? new Signalled(exitValue - 128) : new Exited(exitValue);
    }
}
