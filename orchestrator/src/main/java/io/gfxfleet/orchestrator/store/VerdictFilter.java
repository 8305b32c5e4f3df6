package io.gfxfleet.orchestrator.store;

import java.util.Locale;

/**
 * The verdicts a person filters the matrix by. Two differ from {@code JobState}: a leased job shows
 * as {@code running}, and an expired job that no agent ever leased (still on attempt 1) shows as
 * {@code no_agent}, apart from one that lost its agents and then expired waiting ({@code expired}).
 */
public enum VerdictFilter {
    QUEUED("j.state='queued'"),
    RUNNING("j.state='leased'"),
    PASSED("j.state='passed'"),
    FAILED("j.state='failed'"),
    INFRA_ERROR("j.state='infra_error'"),
    TIMED_OUT("j.state='timed_out'"),
    CANCELLED("j.state='cancelled'"),
    EXPIRED("j.state='expired' AND j.attempt>1"),
    NO_AGENT("j.state='expired' AND j.attempt=1");

    private final String condition;

    VerdictFilter(String condition) {
        this.condition = condition;
    }

    /** A SQL condition on the jobs table aliased {@code j}; constant text, never user input. */
    String condition() {
        return condition;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VerdictFilter parse(String text) {
        for (VerdictFilter v : values()) {
            if (v.wireName().equals(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("verdict must be one of queued, running, passed, failed, infra_error, timed_out,"
                + " cancelled, expired, no_agent; got '" + text + "'");
    }
}
