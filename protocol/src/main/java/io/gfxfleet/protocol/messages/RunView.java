package io.gfxfleet.protocol.messages;

import java.time.Instant;
import java.util.List;

/** A run with its jobs; {@code verdict} summarises every family. */
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
        List<String> warnings) {
    public RunView {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
