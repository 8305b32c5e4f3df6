package io.gfxfleet.protocol.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Run priority: presubmit work blocks a developer, so it goes first. */
public enum Priority {
    PRESUBMIT(300), POSTSUBMIT(200), NIGHTLY(100);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Priority parse(String text) {
        for (Priority p : values()) {
            if (p.wireName().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority must be presubmit, postsubmit or nightly, got '" + text + "'");
    }
}
