package io.gfxfleet.protocol.messages;

import java.time.Instant;
import java.util.List;

/**
 * A run with its jobs; {@code verdict} summarises every family. {@code packaging} is the run's
 * {@code kpack}/{@code legacy} as submitted (null: not said, the agent works it out).
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
        String packaging) {
    public RunView(String id, String runId, String platform, String artifactGroup, String version, Priority priority,
                   String depsIndexUrl, String runIndexUrl, String findLinksUrl, Instant createdAt, JobState verdict,
                   List<JobView> jobs, List<String> warnings) {
        this(id, runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, createdAt, verdict,
                jobs, warnings, null);
    }

    public RunView {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * This run as shown to readers: index URLs without credentials (a presigned query, userinfo).
     * Agents get the real URLs in their lease's job, never from here.
     */
    public RunView redacted() {
        return new RunView(id, runId, platform, artifactGroup, version, priority,
                io.gfxfleet.protocol.url.Redaction.redact(depsIndexUrl), io.gfxfleet.protocol.url.Redaction.redact(runIndexUrl),
                io.gfxfleet.protocol.url.Redaction.redact(findLinksUrl), createdAt, verdict, jobs, warnings);
    }
}
