package io.gfxfleet.orchestrator.testkit;

import java.util.List;

/**
 * A finished child process.
 *
 * @param command  the argument array it ran
 * @param exitCode its exit code ({@code 128 + signal} is not applied: a signal death shows as Java reports it)
 * @param output   stdout and stderr, interleaved as written
 * @param timedOut true when it was killed for running too long
 */
public record ProcessResult(List<String> command, int exitCode, String output, boolean timedOut) {
    public ProcessResult {
        command = List.copyOf(command);
    }

    /** For assertion messages: the command, exit code and output. */
    public String describe() {
        return String.join(" ", command) + " -> exit " + exitCode + (timedOut ? " (timed out)" : "") + "\n" + output;
    }
}
