package io.gfxfleet.orchestrator.history;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a failure in a family's test history means for the person reading it. */
public enum FailureLabel {
    /** It passed in the previous run of that family (or never ran before): something just broke. */
    NEW,
    /** It failed in the previous run too: a known breakage. */
    STILL_FAILING,
    /** Mixed outcomes among recent runs, or different outcomes across attempts of one job. */
    FLAKY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
