package io.gfxfleet.protocol.messages;

/**
 * Everything an agent needs to run one job: one family of one run. {@code previousTestCount} is
 * how many tests the last passed job of this family (same platform and artifact group) ran, so
 * the agent can say when far fewer ran now; null when there is no such job. {@code packaging} is
 * the run's {@code kpack}/{@code legacy} ({@link io.gfxfleet.protocol.layout.RunPackaging}), null
 * when the submitter did not say (the agent works it out from the run's index).
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
        Integer previousTestCount,
        String packaging) {

    public JobSpec(String jobId, String runKey, String runId, String platform, String artifactGroup, String version,
                   String family, int attempt, String depsIndexUrl, String runIndexUrl, String findLinksUrl,
                   Integer previousTestCount) {
        this(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, depsIndexUrl, runIndexUrl, findLinksUrl,
                previousTestCount, null);
    }

    public JobSpec(String jobId, String runKey, String runId, String platform, String artifactGroup, String version,
                   String family, int attempt, String depsIndexUrl, String runIndexUrl, String findLinksUrl) {
        this(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, depsIndexUrl, runIndexUrl, findLinksUrl, null, null);
    }

    /** This job with another deps index (the orchestrator's default, handed out when the run names none). */
    public JobSpec withDepsIndexUrl(String url) {
        return new JobSpec(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, url, runIndexUrl,
                findLinksUrl, previousTestCount, packaging);
    }
}
