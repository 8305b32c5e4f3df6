package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.pep.Pep440Version;

import java.util.List;

/**
 * A validated run submission, ready to store: one job per family and Python version (one per
 * family when {@code pythonVersions} is empty: any agent's interpreter; intake fills in the
 * platform's tested versions, so only a platform the catalogue lists none for, or a caller of the
 * store itself, makes such jobs). {@code artifactGroup} is
 * null for a group-less multi-arch run; {@code packaging} null when the submitter did not say.
 * {@code image}: the container image label every job needs, or null. {@code requiredLabels} hold
 * what every job needs of its agent, the platform and image among them (see
 * {@link io.gfxfleet.protocol.messages.OfferLabels}). {@code provenance}: where the run came from,
 * checked by intake (null: not said).
 */
public record NewRun(
        String runId,
        Platform platform,
        String artifactGroup,
        Pep440Version version,
        Priority priority,
        String depsIndexUrl,
        String runIndexUrl,
        String findLinksUrl,
        List<String> families,
        List<String> warnings,
        List<String> requiredLabels,
        RunPackaging packaging,
        List<String> pythonVersions,
        String image,
        Provenance provenance) {
    public NewRun {
        provenance = provenance == null || provenance.nothingGiven() ? null : provenance;
        families = List.copyOf(families);
        warnings = List.copyOf(warnings);
        requiredLabels = requiredLabels == null ? List.of() : List.copyOf(requiredLabels);
        pythonVersions = pythonVersions == null ? List.of() : List.copyOf(pythonVersions);
    }

    /** Without provenance. */
    public NewRun(String runId, Platform platform, String artifactGroup, Pep440Version version, Priority priority,
                  String depsIndexUrl, String runIndexUrl, String findLinksUrl, List<String> families, List<String> warnings,
                  List<String> requiredLabels, RunPackaging packaging, List<String> pythonVersions, String image) {
        this(runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, families, warnings,
                requiredLabels, packaging, pythonVersions, image, null);
    }

    public NewRun(String runId, Platform platform, String artifactGroup, Pep440Version version, Priority priority,
                  String depsIndexUrl, String runIndexUrl, String findLinksUrl, List<String> families, List<String> warnings) {
        this(runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, families, warnings, List.of());
    }

    public NewRun(String runId, Platform platform, String artifactGroup, Pep440Version version, Priority priority,
                  String depsIndexUrl, String runIndexUrl, String findLinksUrl, List<String> families, List<String> warnings,
                  List<String> requiredLabels) {
        this(runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, families, warnings,
                requiredLabels, null);
    }

    public NewRun(String runId, Platform platform, String artifactGroup, Pep440Version version, Priority priority,
                  String depsIndexUrl, String runIndexUrl, String findLinksUrl, List<String> families, List<String> warnings,
                  List<String> requiredLabels, RunPackaging packaging) {
        this(runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, families, warnings,
                requiredLabels, packaging, List.of(), null);
    }

    public NewRun withWarnings(List<String> more) {
        return new NewRun(runId, platform, artifactGroup, version, priority, depsIndexUrl, runIndexUrl, findLinksUrl, families,
                more, requiredLabels, packaging, pythonVersions, image, provenance);
    }
}
