package io.gfxfleet.orchestrator.store;

/**
 * Which runs the matrix shows. Every criterion is optional (null = any). {@code family} and
 * {@code verdict} together mean "the job of that family has that verdict"; {@code versionText}
 * matches any part of the version, ignoring case.
 */
public record RunFilter(String family, String platform, VerdictFilter verdict, String versionText, int limit, int offset) {
    public RunFilter {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be 1 or more and offset 0 or more");
        }
        versionText = versionText == null || versionText.isBlank() ? null : versionText.trim();
    }
}
