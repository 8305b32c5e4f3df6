package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.publish.DistributionFolder;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.orchestrator.publish.RunIndexPublisher;
import io.gfxfleet.orchestrator.publish.RunIndexResult;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code publish}: a build's rocm packages → the run's PEP 503 index (the upload half of a build workflow). */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a build's rocm packages as the run's PEP 503 index "
                + "({prefix}{run_id}-{platform}/python/{artifact_group}/dist|simple).")
public final class PublishCommand implements Callable<Integer> {
    @Option(names = "--packages-dir", required = true, paramLabel = "DIR",
            description = "Folder of wheels and sdists (its dist/ sub-folder is used when present).")
    Path packagesDir;

    @Option(names = "--run-id", required = true, paramLabel = "ID", description = "The build's run id.")
    String runId;

    @Option(names = "--artifact-group", required = true, paramLabel = "GROUP",
            description = "The artifact group (a family name, e.g. gfx94X-dcgpu).")
    String artifactGroup;

    @Option(names = "--platform", defaultValue = "linux", paramLabel = "linux|windows",
            description = "Platform part of the run folder (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "P",
            description = "Folder before the run folder, ending in '/' (e.g. a fork's 'owner-repo/').")
    String prefix;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Public URL of the target's root, to print the pip command for.")
    String baseUrl;

    @Option(names = "--dry-run", description = "Validate and show what would be written; write nothing.")
    boolean dryRun;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        RunLayout layout;
        try {
            layout = new RunLayout(prefix, runId, Platform.parse(platform), artifactGroup);
        } catch (IllegalArgumentException e) {
            System.err.println("publish: " + e.getMessage());
            return 2;
        }
        Path dist = DistributionFolder.resolvePackagesDir(packagesDir);
        RunIndexPublisher publisher = new RunIndexPublisher();
        RunIndexResult result;
        try {
            Optional<ObjectTarget> t = target.open();
            if (dryRun) {
                result = publisher.dryRun(dist, layout, t);
            } else if (t.isEmpty()) {
                System.err.println("publish: no target: give --output-dir DIR (or --dry-run)");
                return 2;
            } else {
                result = publisher.publish(dist, layout, t.get());
            }
        } catch (PublishRefusedException e) {
            System.err.println("publish refused: " + e.getMessage());
            return 1;
        }
        out.printf("%s %d files (%d bytes) of version %s from %s%n", dryRun ? "would publish" : "published",
                result.files().size(), result.bytes(), result.version(), dist);
        out.printf("projects: %s%n", String.join(", ", result.projects()));
        out.printf("families: %s%n", result.families().isEmpty() ? "(none)" : String.join(", ", result.families()));
        out.printf("objects %s: %d, unchanged: %d%n", dryRun ? "to write" : "written",
                result.outcome().written().size(), result.outcome().unchanged().size());
        if (dryRun) {
            result.outcome().written().forEach(k -> out.println("  " + k));
        }
        out.printf("index: %s%n", result.simpleKey());
        if (baseUrl != null) {
            String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
            out.printf("pip install \"rocm[libraries,devel]==%s\" --index-url %s%s --extra-index-url %s%s%n",
                    result.version(), base, RunLayout.DEPS_SIMPLE, base, result.simpleKey());
            out.printf("package_find_links_url=%s%s%n", base, result.findLinksKey());
        }
        return 0;
    }
}
