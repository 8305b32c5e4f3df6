package io.gfxfleet.protocol.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of exit codes every gfxfleet command uses, so that a workflow can tell a broken
 * runner (3) from a typo in its own arguments (2) and from a package whose tests failed (1).
 * Printed in every {@code --help} footer and in {@code docs/cli.md}.
 */
public enum ExitCode {
    SUCCESS(0, "success (every test passed, or the command did what was asked)"),
    TEST_FAILURES(1, "tests failed (or a test timed out)"),
    USAGE(2, "usage error: an option, argument or input file is wrong; the message names it"),
    INFRA(3, "infrastructure error: the orchestrator, database, bucket, port or runner is unreachable or broken, or no verdict came in time"),
    REFUSED(4, "refused input: the orchestrator or the target refused what was sent (e.g. a conflicting run or file)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** code → meaning, in order, as picocli's exit-code list wants it. */
    public static Map<String, String> table() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            out.put(Integer.toString(c.code), c.meaning);
        }
        return out;
    }
}
