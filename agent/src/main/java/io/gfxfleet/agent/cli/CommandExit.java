package io.gfxfleet.agent.cli;

/**
 * What a command's exit status means, the same for every gfxfleet command, so that a script (or a
 * CI step) can tell "the tests failed" from "the command could not do its work":
 *
 * <table>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>tests failed (the verdict is "failed")</td></tr>
 *   <tr><td>2</td><td>bad usage: options or arguments</td></tr>
 *   <tr><td>3</td><td>infrastructure: an I/O error, a crash of the command itself (out of memory, a bug)</td></tr>
 *   <tr><td>4</td><td>refused input: the input is not what the command reads (a binary file as a log)</td></tr>
 * </table>
 *
 * The agent's commands use these constants only; the project-wide table (its single home for every
 * command) is the one these numbers follow.
 */
public final class CommandExit {
    public static final int SUCCESS = 0;
    public static final int TESTS_FAILED = 1;
    public static final int USAGE = 2;
    public static final int INFRASTRUCTURE = 3;
    public static final int REFUSED = 4;

    private CommandExit() {}
}
