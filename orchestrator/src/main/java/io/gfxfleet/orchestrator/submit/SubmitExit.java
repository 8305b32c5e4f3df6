package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.protocol.messages.JobState;

/**
 * The exit status of {@code submit}, which a build workflow turns into its own result. A timed-out
 * job is a hang inside the tests (the package's fault), so it counts as a failure, not as infra.
 */
public enum SubmitExit {
    PASSED(ExitCode.SUCCESS),
    TEST_FAILED(ExitCode.TEST_FAILURES),
    /** Infra error, no agent, expiry, cancellation, or the wait ran out before a verdict. */
    NO_VERDICT(ExitCode.INFRA),
    BAD_USAGE(ExitCode.USAGE);

    private final ExitCode code;

    SubmitExit(ExitCode code) {
        this.code = code;
    }

    public int code() {
        return code.code();
    }

    public static SubmitExit of(JobState runVerdict) {
        return switch (runVerdict) {
            case PASSED -> PASSED;
            case FAILED, TIMED_OUT -> TEST_FAILED;
            default -> NO_VERDICT;
        };
    }
}
