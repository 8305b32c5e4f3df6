package io.gfxfleet.orchestrator.store;

/**
 * Which runs the matrix shows. Every criterion is optional (null = any). {@code family} and
 * {@code verdict} together mean "the job of that family has that verdict"; {@code versionText}
 * matches any part of the version, ignoring case. A page starts either {@code offset} runs in
 * (the old way: runs arriving between pages shift it) or after the run {@code before} names
 * (keyset: no run skipped or shown twice while runs arrive); not both.
 */
public record RunFilter(String family, String platform, VerdictFilter verdict, String versionText, int limit, int offset,
                        RunCursor before) {
    public RunFilter {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be 1 or more and offset 0 or more");
        }
        if (before != null && offset != 0) {
            throw new IllegalArgumentException("a page starts either at an offset or after a cursor, not both");
        }
        versionText = versionText == null || versionText.isBlank() ? null : versionText.trim();
    }

    public RunFilter(String family, String platform, VerdictFilter verdict, String versionText, int limit, int offset) {
        this(family, platform, verdict, versionText, limit, offset, null);
    }
}
