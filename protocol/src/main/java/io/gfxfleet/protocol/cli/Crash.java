package io.gfxfleet.protocol.cli;

import java.util.Optional;

/**
 * A command that crashed rather than failed: the JVM ran out of memory, or another {@link Error}
 * (a stack overflow, a missing class) ended it. That is never "refused input" (4) nor "tests
 * failed" (1), which a workflow acts on differently: it exits {@link ExitCode#INFRA} with one line
 * that says it crashed and what to do. The error may arrive wrapped (a worker thread's error comes
 * back inside an {@code ExecutionException} or an {@code IOException}), so the whole cause chain
 * is searched.
 */
public final class Crash {
    private Crash() {}

    /** The error that ended the command, if {@code t} is one or was caused by one. */
    public static Optional<Error> of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof Error e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The one line printed for {@code error} in command {@code name}. */
    public static String line(String name, Error error) {
        if (error instanceof OutOfMemoryError) {
            return name + ": crashed: out of memory (" + firstLine(error) + "); raise the heap (e.g. JAVA_TOOL_OPTIONS=-Xmx4g)"
                    + " or report it if the input is ordinary";
        }
        return name + ": crashed: " + error.getClass().getSimpleName() + " (" + firstLine(error) + "); please report it,"
                + " with the output of the same command with " + GfxfleetCommandLine.DEBUG;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "no message" : m.strip().lines().findFirst().orElse("");
    }
}
