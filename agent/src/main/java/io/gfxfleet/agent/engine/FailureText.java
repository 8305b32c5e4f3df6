package io.gfxfleet.agent.engine;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.List;
import java.util.Objects;

/**
 * What a failing result says, carried by its {@link TestFailure} or {@link TestError} so that a
 * listener can read it back field by field, and rendered as the text a report shows in place of
 * a Java stack trace: the message, the Python traceback, then each subTest.
 */
public record FailureText(TestStatus status, String message, String details, List<TestResult.SubTestResult> subtests) {

    public FailureText {
        Objects.requireNonNull(status, "status");
        subtests = subtests == null ? List.of() : List.copyOf(subtests);
    }

    static FailureText of(TestResult r) {
        return new FailureText(r.status(), r.message(), r.details(), r.subtests());
    }

    /** One line: the message, or the status when the output gave none. */
    String headline() {
        return message == null || message.isBlank() ? status.wireName() : message;
    }

    String render() {
        StringBuilder b = new StringBuilder(headline());
        if (details != null && !details.isBlank()) {
            b.append('\n').append(details.strip());
        }
        for (TestResult.SubTestResult s : subtests) {
            b.append("\n--- subTest ").append(s.description()).append(": ").append(s.status().wireName());
            if (s.message() != null) {
                b.append(": ").append(s.message());
            }
            if (s.details() != null && !s.details().isBlank()) {
                b.append('\n').append(s.details().strip());
            }
        }
        return b.toString();
    }
}
