package io.gfxfleet.agent.engine;

import java.util.Objects;

/**
 * A test that did not get to a verdict of its own: unittest ERROR, or the interpreter crashed or
 * hung while it ran. Not an {@link AssertionError}, so JUnit reports show it as an
 * {@code <error>}. Like {@link TestFailure}, it keeps no Java stack trace.
 */
public final class TestError extends Exception {
    private final transient FailureText text;

    TestError(FailureText text) {
        super(Objects.requireNonNull(text, "text").headline(), null, false, false);
        this.text = text;
    }

    public FailureText text() {
        return text;
    }

    @Override
    public String toString() {
        return text.render();
    }
}
