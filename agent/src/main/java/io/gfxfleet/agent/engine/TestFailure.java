package io.gfxfleet.agent.engine;

import io.gfxfleet.protocol.messages.TestStatus;

import java.util.Objects;

/**
 * A test that failed its assertions (unittest FAIL, or an unexpected success). An
 * {@link AssertionError}, so JUnit reports show it as a {@code <failure>}. Its Java stack trace
 * would only point into the agent, so none is kept: {@link #toString()} is the Python side.
 */
public final class TestFailure extends AssertionError {
    private final transient FailureText text;

    TestFailure(FailureText text) {
        super(Objects.requireNonNull(text, "text").headline(), null);
        this.text = text;
        setStackTrace(new StackTraceElement[0]);
    }

    /** The right throwable for a failing status: {@code <failure>} for FAIL, {@code <error>} otherwise. */
    static Throwable of(FailureText text) {
        return text.status() == TestStatus.FAILED || text.status() == TestStatus.UNEXPECTED_SUCCESS
                ? new TestFailure(text) : new TestError(text);
    }

    public FailureText text() {
        return text;
    }

    @Override
    public String toString() {
        return text.render();
    }
}
