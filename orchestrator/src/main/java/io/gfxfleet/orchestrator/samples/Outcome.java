package io.gfxfleet.orchestrator.samples;

/** What a sample unittest method does when {@code rocm-sdk test} runs it. */
public enum Outcome {
    /** Runs its real checks (which pass on a correct install). */
    PASS,
    /** An assertion fails with the given message. */
    FAIL,
    /** Raises {@code RuntimeError} with the given message. */
    ERROR,
    /** {@code skipTest} with the given reason. */
    SKIP,
    /** Marked {@code expectedFailure}, and fails. */
    EXPECTED_FAILURE,
    /** Marked {@code expectedFailure}, and passes (unittest counts the run as failed). */
    UNEXPECTED_SUCCESS,
    /** One of the test's subTests fails. */
    SUBTEST_FAIL,
    /** The interpreter kills itself with SIGSEGV mid-test. */
    SEGFAULT,
    /** Sleeps forever. */
    HANG,
    /** Sleeps the given number of seconds (its detail), then passes: a job long enough to disturb. */
    SLOW,
    /** Prints the given number of MiB to stdout, then passes. */
    HUGE_OUTPUT
}
