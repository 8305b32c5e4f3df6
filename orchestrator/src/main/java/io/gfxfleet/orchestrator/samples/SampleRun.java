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
import java.util.List;

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
     * The submission for this run, with index URLs under {@code packagesUrl} (ending in '/'), for
     * the Python version of the interpreter the sample was made with ({@link SampleSpec#python()},
     * {@code python3} unless told): the interpreter local agents run by default. A run naming no
     * version would ask for the platform's whole test matrix (3.10, 3.11 and 3.12), which a machine
     * with one Python cannot serve. If that interpreter cannot say its version, the run names none.
     */
    public RunSubmission submission(String packagesUrl, String priority) {
        return submission(packagesUrl, priority, InterpreterVersion.of(spec.python()).map(List::of).orElse(null));
    }

    /**
     * The submission for this run asking for {@code pythonVersions} (null: the platform's tested
     * versions). A multi-arch run is handed over as TheRock's CI hands it out: its find-links page
     * (plus the deps index the agent upgrades pip, setuptools and wheel from).
     */
    public RunSubmission submission(String packagesUrl, String priority, List<String> pythonVersions) {
        String deps = packagesUrl + RunLayout.DEPS_SIMPLE;
        if (layout.isMultiArch()) {
            return new RunSubmission(layout.runId(), layout.platform().wireName(), null, spec.version().text(), deps, null,
                    packagesUrl + published.findLinksKey(), spec.families(), priority, null, spec.packaging().wireName(),
                    pythonVersions, null);
        }
        return new RunSubmission(layout.runId(), layout.platform().wireName(), layout.artifactGroup(), spec.version().text(),
                deps, packagesUrl + published.simpleKey(), null, spec.families(), priority, null, null, pythonVersions, null);
    }
}
