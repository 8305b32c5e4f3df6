package io.gfxfleet.protocol.messages;

/**
 * Everything an agent needs to run one job: one family of one run. {@code previousTestCount} is
 * how many tests the last passed job of this family (same platform and artifact group) ran, so
 * the agent can say when far fewer ran now; null when there is no such job.
 */
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
        String findLinksUrl,
        Integer previousTestCount) {

    public JobSpec(String jobId, String runKey, String runId, String platform, String artifactGroup, String version,
                   String family, int attempt, String depsIndexUrl, String runIndexUrl, String findLinksUrl) {
        this(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, depsIndexUrl, runIndexUrl, findLinksUrl, null);
    }
}
