package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.orchestrator.publish.ConsoleProgress;
import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.PublishOptions;
import io.gfxfleet.orchestrator.publish.DepsIndexResult;
import io.gfxfleet.orchestrator.publish.DistributionFolder;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.orchestrator.publish.mirror.DepsMirror;
import io.gfxfleet.orchestrator.publish.mirror.PinnedRequirement;
import io.gfxfleet.orchestrator.publish.mirror.UpstreamIndex;
import io.gfxfleet.protocol.layout.RunLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code deps}: the deps-only base index ({@code python-deps/simple/}). */
@Command(name = "deps", mixinStandardHelpOptions = true,
        description = "Manage the deps-only base index (" + RunLayout.DEPS_SIMPLE + ").",
        subcommands = {DepsCommand.Publish.class, DepsCommand.Sync.class})
public final class DepsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
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
                    return ExitCode.USAGE.code();
                } else {
                    result = publisher.publish(dir, t.get(), new PublishOptions(false, target.parallel(),
                            ConsoleProgress.forConsole(System.out)));
                }
            } catch (PublishRefusedException e) {
                System.err.println("deps publish refused: " + e.getMessage());
                return ExitCode.REFUSED.code();
            } catch (IllegalArgumentException e) {
                System.err.println("deps publish: " + e.getMessage());
                return ExitCode.USAGE.code();
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

    /** {@code deps sync}: mirror pinned requirements from an upstream simple index, incrementally. */
    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Mirror the files of pinned requirements (name==version) from an upstream PEP 503 index "
                    + "into the deps index; files already there with the same sha256 are skipped; rocm packages are refused.")
    public static final class Sync implements Callable<Integer> {
        @Option(names = "--requirements", required = true, paramLabel = "FILE", description = "Requirements file of name==version pins.")
        Path requirements;

        @Option(names = "--from-index", required = true, paramLabel = "URL",
                description = "Upstream simple index, e.g. https://pypi.org/simple/.")
        String fromIndex;

        @Option(names = "--work-dir", paramLabel = "DIR", description = "Where downloads wait for validation (default: the temp folder).")
        Path workDir;

        @Option(names = "--dry-run", description = "Show what would be mirrored; download and write nothing.")
        boolean dryRun;

        @Mixin
        TargetOptions target = new TargetOptions();

        @Override
        public Integer call() {
            try (TargetOptions closing = target) {
                UpstreamIndex upstream = new UpstreamIndex(fromIndex);
                List<PinnedRequirement> pins = PinnedRequirement.read(requirements);
                ObjectTarget t = target.require();
                DepsMirror.Result r = new DepsMirror().sync(pins, upstream, t,
                        workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")),
                        new PublishOptions(false, target.parallel(), ConsoleProgress.forConsole(System.out)), dryRun);
                System.out.printf("%s %d files, %d already in the deps index%n", dryRun ? "would mirror" : "mirrored",
                        r.mirrored().size(), r.skipped().size());
                r.mirrored().forEach(f -> System.out.println("  " + (dryRun ? "would mirror " : "mirrored ") + f));
                return 0;
            } catch (PublishRefusedException e) {
                System.err.println("deps sync refused: " + e.getMessage());
                return ExitCode.REFUSED.code();
            } catch (IllegalArgumentException e) {
                System.err.println("deps sync: " + e.getMessage());
                return ExitCode.USAGE.code();
            } catch (IOException e) {
                System.err.println(io.gfxfleet.protocol.cli.Crash.of(e).map(error -> io.gfxfleet.protocol.cli.Crash.line("deps sync", error))
                        .orElse("deps sync failed: " + Causes.describe(e)));
                return ExitCode.INFRA.code();
            }
        }
    }
}
