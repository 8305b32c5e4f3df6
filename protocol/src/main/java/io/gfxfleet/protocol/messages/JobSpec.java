package io.gfxfleet.protocol.messages;

import java.util.List;

/**
 * Everything an agent needs to run one job: one family of one run. {@code previousTestCount} is
 * how many tests the last passed job of this family (same platform and artifact group) ran, so
 * the agent can say when far fewer ran now; null when there is no such job. {@code packaging} is
 * the run's {@code kpack}/{@code legacy} ({@link io.gfxfleet.protocol.layout.RunPackaging}), null
 * when the submitter did not say (the agent works it out from the run's index).
 * {@code pythonVersion} ({@code 3.11}) is the interpreter the job must run with and {@code image} the container image
 * label it needs; null: any.
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
        String packaging,
        String pythonVersion,
        String image,
        List<String> indexPrefixes) {

    /**
     * {@code indexPrefixes}: the operator's allowed index prefixes (null: none configured). Intake
     * checked the run's URLs against them; the agent confines every fetch, redirect and link of the
     * job to them too, so a page on an allowed host cannot lead pip to another path of that host.
     */
    public JobSpec {
        indexPrefixes = indexPrefixes == null || indexPrefixes.isEmpty() ? null : List.copyOf(indexPrefixes);
    }

    public JobSpec(String jobId, String runKey, String runId, String platform, String artifactGroup, String version,
                   String family, int attempt, String depsIndexUrl, String runIndexUrl, String findLinksUrl,
                   Integer previousTestCount, String packaging, String pythonVersion, String image) {
        this(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, depsIndexUrl, runIndexUrl, findLinksUrl,
                previousTestCount, packaging, pythonVersion, image, null);
    }

    public JobSpec(String jobId, String runKey, String runId, String platform, String artifactGroup, String version,
                   String family, int attempt, String depsIndexUrl, String runIndexUrl, String findLinksUrl,
                   Integer previousTestCount, String packaging) {
        this(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, depsIndexUrl, runIndexUrl, findLinksUrl,
                previousTestCount, packaging, null, null);
    }

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
                findLinksUrl, previousTestCount, packaging, pythonVersion, image, indexPrefixes);
    }

    /** This job with the operator's allowed index prefixes (see {@link #indexPrefixes}). */
    public JobSpec withIndexPrefixes(List<String> prefixes) {
        return new JobSpec(jobId, runKey, runId, platform, artifactGroup, version, family, attempt, depsIndexUrl, runIndexUrl,
                findLinksUrl, previousTestCount, packaging, pythonVersion, image, prefixes);
    }
}
