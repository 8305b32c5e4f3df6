package io.gfxfleet.agent.cli;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * The seam between the operating system's stop signals (SIGTERM, SIGINT) and the agent's stop.
 *
 * <p>The JDK has no public API for a signal: a shutdown hook runs once, and a second SIGTERM while
 * it runs is swallowed (the VM's exit is already under way), so a hook cannot tell the first stop
 * signal from the second as Buildkite's agent does (graceful, then forced). {@link #JDK} uses
 * {@code sun.misc.Signal} from {@code jdk.unsupported}, the one place that does; where it is
 * missing or refuses a signal, {@link #install} says so and the agent keeps its shutdown hook alone
 * (the graceful stop, with the ungraceful one after {@code --stop-grace}; a second signal then does
 * nothing). {@code AgentStopSignalsTest} (a real agent process given two SIGTERMs) fails when a
 * JDK upgrade breaks it.
 */
@FunctionalInterface
public interface StopSignals {
    /** The stop signals, by their JDK names. */
    List<String> NAMES = List.of("TERM", "INT");

    /**
     * Routes each of {@link #NAMES} to {@code handler} (given the signal's number), on a thread of
     * the JVM's; returns whether every one of them is now routed.
     */
    boolean install(IntConsumer handler);

    StopSignals JDK = handler -> {
        try {
            for (String name : NAMES) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> handler.accept(s.getNumber()));
            }
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            // The platform does not offer the signal (or jdk.unsupported is gone): the shutdown hook remains.
            return false;
        }
    };
}
