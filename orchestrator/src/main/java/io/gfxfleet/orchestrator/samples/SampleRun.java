package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.LocalFolderTarget;
import io.gfxfleet.orchestrator.publish.RunIndexPublisher;
import io.gfxfleet.orchestrator.publish.RunIndexResult;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.messages.RunSubmission;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A sample run as a build would leave it: packages written, the run index and the deps-only base
 * index published into a folder that the orchestrator serves at {@code /packages/}.
 */
public record SampleRun(SampleSpec spec, RunLayout layout, RunIndexResult published) {

    /** Publishes in the per-group layout; {@code artifactGroup} null gives TheRock's multi-arch layout. */
    public static SampleRun publish(SampleSpec spec, String runId, String artifactGroup, Path workDir, Path packagesDir)
            throws IOException {
        SampleOutput samples = SamplePackages.write(spec, workDir);
        LocalFolderTarget target = new LocalFolderTarget(packagesDir);
        RunLayout layout = artifactGroup == null ? RunLayout.multiArch("", runId, Platform.LINUX)
                : new RunLayout("", runId, Platform.LINUX, artifactGroup);
        RunIndexResult published = new RunIndexPublisher().publish(samples.dist(), layout, target);
        new DepsIndexPublisher().publish(samples.deps(), target);
        return new SampleRun(spec, layout, published);
    }

    /**
     * The submission for this run, with index URLs under {@code packagesUrl} (ending in '/'). A
     * multi-arch run is handed over as TheRock's CI hands it out: its find-links page (plus the
     * deps index the agent upgrades pip, setuptools and wheel from).
     */
    public RunSubmission submission(String packagesUrl, String priority) {
        String deps = packagesUrl + RunLayout.DEPS_SIMPLE;
        if (layout.isMultiArch()) {
            return new RunSubmission(layout.runId(), layout.platform().wireName(), null, spec.version().text(), deps, null,
                    packagesUrl + published.findLinksKey(), spec.families(), priority, null, spec.packaging().wireName());
        }
        return new RunSubmission(layout.runId(), layout.platform().wireName(), layout.artifactGroup(), spec.version().text(),
                deps, packagesUrl + published.simpleKey(), null, spec.families(), priority);
    }
}
