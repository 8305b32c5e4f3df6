package io.gfxfleet.protocol.messages;

import java.util.List;

/**
 * A build run to test. {@code labels} are agent labels every job of the run requires. {@code families} defaults to the artifact group when it names a family.
 * {@code runIndexUrl} is the run's rocm-only PEP 503 index, {@code depsIndexUrl} the deps-only base
 * index; {@code findLinksUrl} serves runs published only as a flat page. {@code packaging} says
 * whether the run is kpack-split or legacy per-family ({@code kpack}/{@code legacy},
 * {@link io.gfxfleet.protocol.layout.RunPackaging}); null leaves the agent to work it out.
 * {@code pythonVersions} (e.g. {@code 3.10}) makes one job per family and version; absent, empty
 * or {@code default}: the versions the platform is tested with, from the catalogue (Linux 3.10,
 * 3.11, 3.12; Windows 3.12). {@code image} names the container image label its jobs need
 * ({@code ubuntu24.04}, {@code ubi10}, {@code native}); absent, any agent's. {@code provenance}
 * says where the run came from (repository, commit, pull request, CI run; {@link Provenance}),
 * for the dashboard to link; absent, it is not shown.
 */
public record RunSubmission(
        String runId,
        String platform,
        String artifactGroup,
        String version,
        String depsIndexUrl,
        String runIndexUrl,
        String findLinksUrl,
        List<String> families,
        String priority,
        List<String> labels,
        String packaging,
        List<String> pythonVersions,
        String image,
        Provenance provenance) {

    /** Without provenance (not shown on the dashboard). */
    public RunSubmission(String runId, String platform, String artifactGroup, String version, String depsIndexUrl,
                         String runIndexUrl, String findLinksUrl, List<String> families, String priority, List<String> labels,
                         String packaging, List<String> pythonVersions, String image) {
        this(runId, platform, artifactGroup, version, depsIndexUrl, runIndexUrl, findLinksUrl, families, priority, labels, packaging,
                pythonVersions, image, null);
    }

    /** Without Python versions (the platform's tested versions) or image (any agent's). */
    public RunSubmission(String runId, String platform, String artifactGroup, String version, String depsIndexUrl,
                         String runIndexUrl, String findLinksUrl, List<String> families, String priority, List<String> labels,
                         String packaging) {
        this(runId, platform, artifactGroup, version, depsIndexUrl, runIndexUrl, findLinksUrl, families, priority, labels, packaging,
                null, null, null);
    }

    public RunSubmission(String runId, String platform, String artifactGroup, String version, String depsIndexUrl,
                         String runIndexUrl, String findLinksUrl, List<String> families, String priority, List<String> labels) {
        this(runId, platform, artifactGroup, version, depsIndexUrl, runIndexUrl, findLinksUrl, families, priority, labels, null);
    }

    public RunSubmission(String runId, String platform, String artifactGroup, String version, String depsIndexUrl,
                         String runIndexUrl, String findLinksUrl, List<String> families, String priority) {
        this(runId, platform, artifactGroup, version, depsIndexUrl, runIndexUrl, findLinksUrl, families, priority, null, null);
    }
}
