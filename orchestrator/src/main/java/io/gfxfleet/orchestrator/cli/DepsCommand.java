package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.publish.ConsoleProgress;
import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.PublishOptions;
import io.gfxfleet.orchestrator.publish.DepsIndexResult;
import io.gfxfleet.orchestrator.publish.DistributionFolder;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.protocol.layout.RunLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code deps}: the deps-only base index ({@code python-deps/simple/}). */
@Command(name = "deps", mixinStandardHelpOptions = true,
        description = "Manage the deps-only base index (" + RunLayout.DEPS_SIMPLE + ").",
        subcommands = {DepsCommand.Publish.class})
public final class DepsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code deps publish}: add dependency distributions; unchanged files are skipped. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Add dependency wheels/sdists to the deps index (never rocm packages).")
    public static final class Publish implements Callable<Integer> {
        @Option(names = "--packages-dir", required = true, paramLabel = "DIR",
                description = "Folder of dependency wheels and sdists.")
        Path packagesDir;

        @Option(names = "--dry-run", description = "Validate and show what would be written; write nothing.")
        boolean dryRun;

        @Mixin
        TargetOptions target = new TargetOptions();

        @Override
        public Integer call() throws IOException {
            DepsIndexPublisher publisher = new DepsIndexPublisher();
            Path dir = DistributionFolder.resolvePackagesDir(packagesDir);
            DepsIndexResult result;
            try (TargetOptions closing = target) {
                Optional<ObjectTarget> t = target.open();
                if (dryRun) {
                    result = publisher.dryRun(dir, t);
                } else if (t.isEmpty()) {
                    System.err.println("deps publish: no target: give --output-dir DIR (or --dry-run)");
                    return 2;
                } else {
                    result = publisher.publish(dir, t.get(), new PublishOptions(false, target.parallel(),
                            ConsoleProgress.forConsole(System.out)));
                }
            } catch (PublishRefusedException e) {
                System.err.println("deps publish refused: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                System.err.println("deps publish: " + e.getMessage());
                return 2;
            }
            System.out.printf("%s %d files from %s%n", dryRun ? "would add" : "added", result.added().size(), dir);
            System.out.printf("deps index projects: %s%n", String.join(", ", result.projects()));
            System.out.printf("objects %s: %d, unchanged: %d%n", dryRun ? "to write" : "written",
                    result.outcome().written().size(), result.outcome().unchanged().size());
            if (dryRun) {
                result.outcome().written().forEach(k -> System.out.println("  " + k));
            }
            System.out.printf("index: %s%n", RunLayout.DEPS_SIMPLE);
            return 0;
        }
    }
}
