package io.gfxfleet.protocol.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The outcome of one unittest test method (or one failing subTest). */
public enum TestStatus {
    PASSED, FAILED, ERROR, SKIPPED, EXPECTED_FAILURE, UNEXPECTED_SUCCESS, CRASHED, TIMED_OUT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TestStatus parse(String text) {
        for (TestStatus s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown test status '" + text + "'");
    }

    /** Whether this outcome makes the job fail (unittest counts unexpected successes as failures since 3.11). */
    public boolean isFailure() {
        return this == FAILED || this == ERROR || this == UNEXPECTED_SUCCESS || this == CRASHED || this == TIMED_OUT;
    }

    /** When a method has several outcomes (subTests), the worse one wins: ERROR outranks FAIL. */
    public int severity() {
        return switch (this) {
            case PASSED, EXPECTED_FAILURE -> 0;
            case SKIPPED -> 1;
            case UNEXPECTED_SUCCESS -> 2;
            case FAILED -> 3;
            case ERROR -> 4;
            case TIMED_OUT -> 5;
            case CRASHED -> 6;
        };
    }
}
