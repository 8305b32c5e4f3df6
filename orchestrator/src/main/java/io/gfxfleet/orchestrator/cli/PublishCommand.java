package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.publish.ConsoleProgress;
import io.gfxfleet.orchestrator.publish.DistributionFolder;
import io.gfxfleet.orchestrator.publish.GithubPublishReport;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishOptions;
import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.orchestrator.publish.RunIndexPublisher;
import io.gfxfleet.orchestrator.publish.RunIndexResult;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.Crash;
import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code publish}: a build's rocm packages → the run's PEP 503 index on S3 or in a folder, its
 * {@code run.json}, and optionally the run registered with the orchestrator (the upload half of a
 * build workflow). Exit codes (the shared table): 0 published, 2 bad arguments, 3 upload or register failed, 4 refused.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publish a build's rocm packages as the run's PEP 503 index "
                + "({prefix}{run_id}-{platform}/python/{artifact_group}/dist|simple) and its run.json; with --multiarch, "
                + "TheRock's group-less layout ({prefix}{run_id}-{platform}/python/ with the files and their find-links "
                + "page index.html, plus simple/).")
public final class PublishCommand implements Callable<Integer> {
    @Option(names = "--packages-dir", required = true, paramLabel = "DIR",
            description = "Folder of wheels and sdists (its dist/ sub-folder is used when present).")
    Path packagesDir;

    @Option(names = "--run-id", required = true, paramLabel = "ID", description = "The build's run id.")
    String runId;

    @Option(names = "--artifact-group", paramLabel = "GROUP",
            description = "The artifact group (a family name, e.g. gfx94X-dcgpu); required unless --multiarch.")
    String artifactGroup;

    @Option(names = "--multiarch", description = "TheRock's multi-arch layout: no artifact group, files and index.html in "
            + "{prefix}{run_id}-{platform}/python/ (for kpack runs: rocm-sdk-libraries + rocm-sdk-device-<gfx> wheels).")
    boolean multiarch;

    @Option(names = "--families", split = "[,;]", paramLabel = "F",
            description = "Families the run is for (comma or semicolon separated); each must be complete (a kpack run: a "
                    + "device wheel for every ISA of the family), or the publish is refused. Default: read from the files.")
    java.util.List<String> families;

    @Option(names = "--platform", paramLabel = "linux|windows",
            description = "Platform part of the run folder (default: this OS).")
    String platform;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "P",
            description = "Folder before the run folder, ending in '/' (e.g. a fork's 'owner-repo/').")
    String prefix;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Public URL of the target's root for index URLs (default: the bucket's S3 REST URL, or file:// for --output-dir).")
    String baseUrl;

    @Option(names = "--overwrite", description = "Replace files already published under the same name with different bytes.")
    boolean overwrite;

    @Option(names = "--dry-run", description = "Validate and print every key that would be written; write nothing.")
    boolean dryRun;

    @Option(names = "--register", paramLabel = "URL", description = "Register the run with the orchestrator at URL.")
    URI register;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --register: file holding the submitter token.")
    Path tokenFile;

    @Option(names = "--priority", paramLabel = "P", description = "With --register: presubmit, postsubmit or nightly.")
    String priority;

    @Option(names = "--github-summary", description = "Append the install command and links to $GITHUB_STEP_SUMMARY.")
    boolean githubSummary;

    @Option(names = "--github-output", description = "Write package_index_url, package_version, artifact_group (and more) to $GITHUB_OUTPUT.")
    boolean githubOutput;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        RunLayout layout;
        Optional<ObjectTarget> t;
        try {
            Platform p = platform == null ? Platform.current() : Platform.parse(platform);
            if (multiarch && artifactGroup != null) {
                throw new IllegalArgumentException("--multiarch has no artifact group: leave out --artifact-group");
            }
            if (!multiarch && artifactGroup == null) {
                throw new IllegalArgumentException("--artifact-group is required (or --multiarch for TheRock's group-less layout)");
            }
            layout = multiarch ? RunLayout.multiArch(prefix, runId, p) : new RunLayout(prefix, runId, p, artifactGroup);
            t = target.open();
            if (t.isEmpty() && !dryRun) {
                throw new IllegalArgumentException("no target: give --bucket B or --output-dir DIR (or --dry-run)");
            }
            if (tokenFile != null && register == null) {
                throw new IllegalArgumentException("--token-file needs --register");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("publish: " + e.getMessage());
            target.close();
            return ExitCode.USAGE.code();
        }
        try (TargetOptions closing = target) {
            Path dist = DistributionFolder.resolvePackagesDir(packagesDir);
            RunIndexPublisher publisher = new RunIndexPublisher().withBaseUrl(baseUrl)
                    .withFamilies(families == null ? null : families.stream().map(String::trim).filter(f -> !f.isEmpty()).toList());
            PublishOptions options = new PublishOptions(overwrite, target.parallel(),
                    dryRun ? null : ConsoleProgress.forConsole(out));
            RunIndexResult result = dryRun ? publisher.dryRun(dist, layout, t, options)
                    : publisher.publish(dist, layout, t.get(), options);
            report(out, result, dist, t);
            RunManifest m = result.manifest();
            if (register != null && !dryRun) {
                String token = tokenFile == null ? null : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                ApiClient.Submitted s = new ApiClient(register, token).submitRun(m.toSubmission(priority));
                out.printf("registered run %s with %s (%s)%n", s.run().id(), register,
                        s.created() ? "new" : "already known");
            }
            if (githubOutput && !dryRun) {
                GithubPublishReport.appendOutputs(Path.of(requireEnv("GITHUB_OUTPUT")), m);
            }
            if (githubSummary && !dryRun) {
                GithubPublishReport.appendSummary(Path.of(requireEnv("GITHUB_STEP_SUMMARY")), m, result);
            }
            return 0;
        } catch (PublishRefusedException e) {
            System.err.println("publish refused: " + e.getMessage());
            return ExitCode.REFUSED.code();
        } catch (IllegalArgumentException e) {
            System.err.println("publish: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (ApiClient.ApiException e) {
            System.err.println("publish: the orchestrator refused the run: " + e.getMessage());
            return ExitCode.REFUSED.code();
        } catch (IOException e) {
            // A worker thread's OutOfMemoryError arrives wrapped in one: a crash, said as such, never a refusal.
            System.err.println(Crash.of(e).map(error -> Crash.line("publish", error)).orElse("publish failed: " + Causes.describe(e)));
            return ExitCode.INFRA.code();
        }
    }

    private void report(PrintStream out, RunIndexResult result, Path dist, Optional<ObjectTarget> t) {
        out.printf("%s %d files (%s) of version %s from %s to %s%n", dryRun ? "would publish" : "published",
                result.files().size(), ConsoleProgress.bytes(result.bytes()), result.version(), dist,
                t.map(ObjectTarget::describe).orElse("(no target)"));
        out.printf("projects (%d): %s%n", result.projects().size(), result.projects().size() <= 12
                ? String.join(", ", result.projects())
                : String.join(", ", result.projects().stream().limit(12).toList()) + ", ...");
        out.printf("families: %s%s%n", result.families().isEmpty() ? "(none)" : String.join(", ", result.families()),
                result.manifest().packaging() == null ? "" : " (" + result.manifest().packaging() + " run)");
        result.notes().forEach(n -> out.println("note: " + n));
        if (dryRun) {
            out.println(ConsoleProgress.summary(result.outcome()));
            result.outcome().written().forEach(k -> out.println("  would write " + k));
        }
        RunManifest m = result.manifest();
        out.printf("run index: %s%n", m.runIndexUrl());
        out.printf("find-links page: %s%n", m.findLinksUrl());
        if (m.artifactGroup() == null) {
            // As TheRock's setup_venv.py installs a multi-arch run.
            out.printf("pip install --upgrade pip setuptools wheel --index-url %s%n", m.depsIndexUrl());
            out.printf("pip install \"rocm[libraries,devel,device-<gfx>...]==%s\" --no-index --no-build-isolation --find-links %s%n",
                    m.version(), m.findLinksUrl());
        } else {
            out.printf("pip install \"rocm[libraries,devel]==%s\" --index-url %s --extra-index-url %s%n",
                    m.version(), m.depsIndexUrl(), m.runIndexUrl());
        }
    }

    private static String requireEnv(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("$" + name + " is not set (are we in a GitHub Actions step?)");
        }
        return v;
    }
}
