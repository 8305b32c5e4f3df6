package io.gfxfleet.protocol.messages;

import java.time.Instant;
import java.util.List;

/**
 * A run with its jobs; {@code verdict} summarises every family. {@code packaging} is the run's
 * {@code kpack}/{@code legacy} as submitted (null: not said, the agent works it out).
 * {@code provenance}: where the run came from, as submitted (null: not said).
 */
public record RunView(
        String id,
        String runId,
        String platform,
        String artifactGroup,
        String version,
        Priority priority,
        String depsIndexUrl,
        String runIndexUrl,
        String findLinksUrl,
        Instant createdAt,
        JobState verdict,
        List<JobView> jobs,
        List<String> warnings,
        String packaging,
        Provenance provenance) {
    /** Without provenance. */
    public RunView(String id, String runId, String platform, String artifactGroup, String version, Priority priority,
                   String depsIndexUrl, String runIndexUrl, String findLinksUrl, Instant createdAt, JobState verdict,
                   List<JobView> jobs, List<String> warnings, String packaging) {
        this(id, runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, createdAt, verdict,
                jobs, warnings, packaging, null);
    }

    public RunView(String id, String runId, String platform, String artifactGroup, String version, Priority priority,
                   String depsIndexUrl, String runIndexUrl, String findLinksUrl, Instant createdAt, JobState verdict,
                   List<JobView> jobs, List<String> warnings) {
        this(id, runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, createdAt, verdict,
                jobs, warnings, null, null);
    }

    public RunView {
        provenance = provenance == null || provenance.nothingGiven() ? null : provenance;
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * This run as shown to readers: index URLs without credentials (a presigned query, userinfo).
     * Agents get the real URLs in their lease's job, never from here. The provenance's run URL
     * has no userinfo (intake refuses it) but may have a query, redacted the same way.
     */
    public RunView redacted() {
        return new RunView(id, runId, platform, artifactGroup, version, priority,
                io.gfxfleet.protocol.url.Redaction.redact(depsIndexUrl), io.gfxfleet.protocol.url.Redaction.redact(runIndexUrl),
                io.gfxfleet.protocol.url.Redaction.redact(findLinksUrl), createdAt, verdict, jobs, warnings, packaging,
                provenance == null ? null : provenance.redacted());
    }
}
