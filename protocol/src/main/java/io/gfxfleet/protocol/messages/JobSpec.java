package io.gfxfleet.protocol.messages;

/** Everything an agent needs to run one job: one family of one run. */
public record JobSpec(
        String jobId,
        String runKey,
        String runId,
        String platform,
        String artifactGroup,
        String version,
        String family,
        int attempt,
        String depsIndexUrl,
        String runIndexUrl,
        String findLinksUrl) {}
