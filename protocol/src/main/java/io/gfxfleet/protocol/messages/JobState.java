package io.gfxfleet.protocol.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A job's life: queued → leased → one terminal verdict. */
public enum JobState {
    QUEUED, LEASED, PASSED, FAILED, INFRA_ERROR, CANCELLED, EXPIRED, TIMED_OUT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobState parse(String text) {
        for (JobState s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + text + "'");
    }

    public boolean isTerminal() {
        return this != QUEUED && this != LEASED;
    }

    /** The verdicts an agent may report when completing a job. */
    public boolean isAgentVerdict() {
        return this == PASSED || this == FAILED || this == INFRA_ERROR || this == TIMED_OUT;
    }
}
