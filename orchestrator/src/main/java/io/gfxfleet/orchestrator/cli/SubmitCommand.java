package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.submit.DashboardLinks;
import io.gfxfleet.orchestrator.submit.GithubAnnotations;
import io.gfxfleet.orchestrator.submit.GithubProvenance;
import io.gfxfleet.orchestrator.submit.GithubStepSummary;
import io.gfxfleet.orchestrator.submit.ProgressPrinter;
import io.gfxfleet.orchestrator.submit.RunFollower;
import io.gfxfleet.orchestrator.submit.SubmitExit;
import io.gfxfleet.orchestrator.submit.WaitTimeout;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunId;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunLocation;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.protocol.cli.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gfxfleet submit}: registers a build's run with the orchestrator (idempotent), optionally
 * waits for the per-family verdict, and reports it to GitHub Actions.
 */
@Command(name = "submit", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Submit a run for GPU testing; with --wait, follow it and exit with its verdict.",
            "Without --wait, exit 0 means submitted. With --wait: 0 every family passed, 1 a test failed or timed out, "
                + "3 infra error, no agent, expired, cancelled, or --timeout reached; 4 the orchestrator refused the run."})
public final class SubmitCommand implements Callable<Integer> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    @Spec
    CommandSpec spec;

    @Option(names = "--orchestrator", required = true, paramLabel = "URL", description = "Orchestrator base URL, e.g. https://gfxfleet.example.org")
    String orchestrator;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the submitter token (sent as a Bearer token); not needed when the orchestrator runs without tokens.")
    Path tokenFile;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "The build's run id (default: read from the index URL's run folder {run_id}-{platform}/python/).")
    String runId;

    @Option(names = "--default-run-id", paramLabel = "ID",
            description = "The run id when neither --run-id nor the index URL gives one (a workflow passes its own run id).")
    String defaultRunId;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "linux or windows (default: from the index URL, else linux).")
    String platform;

    @Option(names = "--artifact-group", paramLabel = "G",
            description = "Artifact group, e.g. gfx94X-dcgpu (default: from the index URL; none for a multi-arch run).")
    String artifactGroup;

    @Option(names = "--labels", split = "[,;]", paramLabel = "L",
            description = "Agent labels every job of the run requires, e.g. a runner pool (comma or semicolon separated).")
    List<String> labels;

    @Option(names = "--packaging", paramLabel = "kpack|legacy",
            description = "How the run's packages are split (default: the agent works it out from the index).")
    String packaging;

    @Option(names = "--rocm-version", required = true, paramLabel = "V", description = "Exact rocm version (PEP 440), e.g. 7.10.0a20251124.")
    String version;

    @Option(names = "--families", split = "[,;]", paramLabel = "F",
            description = "GPU families to test, comma or semicolon separated (default: the artifact group, when it names one).")
    List<String> families;

    @Option(names = "--deps-index", paramLabel = "URL", description = "Deps-only base index (required with --run-index).")
    String depsIndex;

    @Option(names = "--run-index", paramLabel = "URL", description = "The run's rocm-only PEP 503 index.")
    String runIndex;

    @Option(names = "--find-links", paramLabel = "URL", description = "A flat page of the run's files, instead of --run-index.")
    String findLinks;

    @Option(names = "--priority", defaultValue = "postsubmit", paramLabel = "P", description = "presubmit, postsubmit or nightly (default: ${DEFAULT-VALUE}).")
    String priority;

    @Option(names = "--python", split = ",", paramLabel = "X.Y", description = "Python versions to test, one job per family and version "
            + "('default', or none given: those the platform is tested with, from the catalogue: Linux 3.10, 3.11, 3.12; Windows 3.12).")
    List<String> pythonVersions;

    @Option(names = "--image", paramLabel = "LABEL", description = "Container image label the jobs need: ubuntu24.04, ubi10 or native (default: any).")
    String image;

    @Option(names = "--repository", paramLabel = "OWNER/NAME",
            description = "Source repository the run was built from, shown and linked on the dashboard (default: $GITHUB_REPOSITORY in GitHub Actions).")
    String repository;

    @Option(names = "--commit", paramLabel = "SHA",
            description = "Full commit SHA the run was built from (default: $GITHUB_SHA in GitHub Actions).")
    String commit;

    @Option(names = "--pull-request", paramLabel = "N",
            description = "Pull request number (default: from $GITHUB_REF refs/pull/N/merge, or the pull_request event, in GitHub Actions).")
    Integer pullRequest;

    @Option(names = "--workflow-run-url", paramLabel = "URL",
            description = "Page of the CI run that built it (default: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID[/attempts/N]).")
    String workflowRunUrl;

    @Option(names = "--server-url", paramLabel = "URL",
            description = "Origin of the repository's forge, e.g. a GitHub Enterprise Server (default: $GITHUB_SERVER_URL, else https://github.com).")
    String serverUrl;

    @Option(names = "--no-provenance",
            description = "Send no repository, commit, pull request or workflow run (none from the GitHub Actions environment either).")
    boolean noProvenance;

    @Option(names = "--wait", description = "Follow the run until every family has a verdict; exit with it.")
    boolean waitForVerdict;

    @Option(names = "--timeout", paramLabel = "T", description = "With --wait: give up after T (90m, 2h, 45s, or minutes; default 2h), exit 2.")
    String timeout;

    @Option(names = "--github-summary", description = "Append a Markdown verdict table to $GITHUB_STEP_SUMMARY.")
    boolean githubSummary;

    @Option(names = "--annotations", description = "Print a GitHub '::error' annotation per failing test "
            + "(default: on when GITHUB_ACTIONS=true).")
    boolean annotations;

    @Option(names = "--reports", paramLabel = "DIR",
            description = "With --wait: save each job's JUnit XML report as DIR/<family>[_py<version>][_<image>].xml (for a CI artifact).")
    Path reportsDir;

    @Option(names = "--github-output", description = "Append verdict=... and dashboard_url=... to $GITHUB_OUTPUT.")
    boolean githubOutput;

    /** The name the agent uploads its JUnit XML under (the agent's {@code AgentLoop.JUNIT_REPORT}). */
    static final String JUNIT_REPORT = "junit.xml";

    private final Map<String, String> environment;
    private Duration pollInterval = RunFollower.DEFAULT_INTERVAL;

    public SubmitCommand() {
        this(System.getenv());
    }

    /** With a given environment (the {@code GITHUB_*} files), as the tests run it. */
    public SubmitCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    SubmitCommand pollEvery(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        URI base = checkUrl("--orchestrator", orchestrator);
        Duration waitLimit = checkWait();
        Path summaryFile = githubSummary ? githubFile("GITHUB_STEP_SUMMARY", "--github-summary") : null;
        Path outputFile = githubOutput ? githubFile("GITHUB_OUTPUT", "--github-output") : null;
        RunSubmission submission = submission();
        String token = readToken();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DashboardLinks links = new DashboardLinks(base.toString());
        ApiClient client = new ApiClient(base, token);
        ApiClient.Submitted submitted;
        try {
            submitted = submitRun(client, submission, err);
        } catch (ApiClient.ApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new CliFailure(ExitCode.USAGE, "the orchestrator at " + base + " refused the token (" + e.getMessage()
                        + "): pass --token-file with a submitter token from 'gfxfleet orchestrator new-token submitter NAME'", e);
            }
            throw new CliFailure(e.status() < 500 ? ExitCode.REFUSED : ExitCode.INFRA, e.getMessage(), e);
        } catch (IOException e) {
            throw unreachable(base, e);
        }
        RunView run = submitted.run();
        out.println((submitted.created() ? "submitted" : "already submitted") + ": run " + run.runId() + " " + run.version()
                + " (" + run.platform() + ", " + run.artifactGroup() + ") for " + String.join(", ", run.jobs().stream().map(JobView::family).toList()));
        out.println("dashboard: " + links.run(run.id()));
        run.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();

        boolean timedOut = false;
        if (waitForVerdict) {
            ProgressPrinter printer = new ProgressPrinter(out, System.console() != null, Clock.systemUTC());
            try {
                RunFollower.Outcome outcome = new RunFollower(client, printer, pollInterval).follow(run, waitLimit);
                run = outcome.run();
                timedOut = outcome.timedOut();
            } catch (IOException e) {
                writeOutputs(outputFile, run, links);
                throw new CliFailure(ExitCode.INFRA, "lost the run at " + base + ": " + Causes.describe(e), e);
            }
        }
        Map<String, List<TestResult>> failures = failures(client, run, err);
        if (waitForVerdict) {
            report(out, run, failures, timedOut, waitLimit);
            if (annotations || "true".equals(environment.get("GITHUB_ACTIONS"))) {
                GithubAnnotations.render(run, failures).forEach(out::println);
                out.flush();
            }
            if (reportsDir != null) {
                saveReports(client, run, reportsDir, err);
            }
        }
        writeOutputs(outputFile, run, links);
        if (summaryFile != null) {
            append(summaryFile, GithubStepSummary.render(run, failures, timedOut, links));
        }
        if (!waitForVerdict) {
            return SubmitExit.PASSED.code();
        }
        return timedOut ? SubmitExit.NO_VERDICT.code() : SubmitExit.of(run.verdict()).code();
    }

    /**
     * Submits; an orchestrator older than provenance refuses the unknown field (its JSON reading is
     * strict), and a newer CLI must still get the run tested there: once, without it, with a note.
     */
    private static ApiClient.Submitted submitRun(ApiClient client, RunSubmission submission, PrintWriter err) throws IOException {
        try {
            return client.submitRun(submission);
        } catch (ApiClient.ApiException e) {
            if (e.status() != 400 || submission.provenance() == null || !"provenance".equals(e.field())) {
                throw e;
            }
            err.println("gfxfleet submit: the orchestrator does not take a run's provenance (" + e.getMessage()
                    + "); submitting without repository, commit, pull request and workflow run links");
            err.flush();
            RunSubmission s = submission;
            return client.submitRun(new RunSubmission(s.runId(), s.platform(), s.artifactGroup(), s.version(), s.depsIndexUrl(),
                    s.runIndexUrl(), s.findLinksUrl(), s.families(), s.priority(), s.labels(), s.packaging(), s.pythonVersions(),
                    s.image(), null));
        }
    }

    private static void report(PrintWriter out, RunView run, Map<String, List<TestResult>> failures, boolean timedOut, Duration waitLimit) {
        for (JobView job : run.jobs()) {
            for (TestResult r : failures.getOrDefault(job.id(), List.of())) {
                // The label, not the family: a family's jobs differ by Python version (and image).
                out.println(job.label() + ": " + r.status().wireName().toUpperCase() + " " + r.testId()
                        + (r.message() == null ? "" : ": " + r.message().strip().lines().findFirst().orElse("")));
            }
        }
        if (timedOut) {
            out.println("verdict: none within " + waitLimit + " (run is " + run.verdict().wireName() + ")");
        } else {
            out.println("verdict: " + run.verdict().wireName());
        }
        out.flush();
    }

    /** Failing tests of failed jobs, for the report; a read error here only costs detail. */
    private static Map<String, List<TestResult>> failures(ApiClient client, RunView run, PrintWriter err) {
        Map<String, List<TestResult>> out = new LinkedHashMap<>();
        for (JobView job : run.jobs()) {
            if (job.state() == JobState.FAILED || job.state() == JobState.TIMED_OUT) {
                try {
                    out.put(job.id(), client.results(job.id()).stream().filter(r -> r.status().isFailure()).toList());
                } catch (IOException e) {
                    err.println("gfxfleet submit: cannot read the results of " + job.label() + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Each job's JUnit XML of its last attempt; a job without one (infra error, no agent) is noted, not fatal. */
    private static void saveReports(ApiClient client, RunView run, Path dir, PrintWriter err) throws IOException {
        Files.createDirectories(dir);
        for (JobView job : run.jobs()) {
            if (job.attempt() < 1) {
                continue;
            }
            try {
                var report = client.log(job.id(), job.attempt(), JUNIT_REPORT);
                if (report.isPresent()) {
                    // Labels read "gfx94X-dcgpu py3.11 ubi10": anything but a safe name character becomes "_".
                    Files.write(dir.resolve(job.label().replaceAll("[^A-Za-z0-9._-]", "_") + ".xml"), report.get());
                } else {
                    err.println("gfxfleet submit: " + job.label() + " has no JUnit XML report");
                }
            } catch (IOException e) {
                err.println("gfxfleet submit: cannot read the JUnit XML report of " + job.label() + ": " + e.getMessage());
            }
        }
    }

    private static void writeOutputs(Path outputFile, RunView run, DashboardLinks links) throws IOException {
        if (outputFile != null) {
            append(outputFile, "verdict=" + run.verdict().wireName() + "\n" + "dashboard_url=" + links.run(run.id()) + "\n");
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Refused, unknown host and unreachable need different fixes: {@link Causes} says which. */
    static CliFailure unreachable(URI base, IOException e) {
        return new CliFailure(ExitCode.INFRA, "cannot reach the orchestrator at " + base + " (--orchestrator): " + Causes.describe(e), e);
    }

    // ---- checking the arguments: every mistake is exit 2 with a message naming the option ----

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private URI checkUrl(String option, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw usage(option + " must be an http(s) URL with a host, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw usage(option + " is not a valid URL: " + e.getMessage());
        }
    }

    private Duration checkWait() {
        if (reportsDir != null && !waitForVerdict) {
            throw usage("--reports only applies with --wait");
        }
        if (timeout != null && !waitForVerdict) {
            throw usage("--timeout only applies with --wait");
        }
        try {
            return timeout == null ? DEFAULT_TIMEOUT : WaitTimeout.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Path githubFile(String variable, String option) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw usage(option + " needs $" + variable + " (set by GitHub Actions); it is not set");
        }
        return Path.of(value);
    }

    private RunSubmission submission() {
        if (runIndex != null && findLinks != null) {
            throw usage("give --run-index or --find-links, not both");
        }
        fillFromLocation(runIndex != null ? runIndex : findLinks);
        if (runId == null) {
            runId = defaultRunId;
        }
        if (platform == null) {
            platform = Platform.LINUX.wireName();
        }
        if (!RunId.isValid(runId)) {
            throw usage("--run-id must be 1-100 characters of [A-Za-z0-9._-], starting alphanumeric, got '" + runId + "'");
        }
        try {
            Platform.parse(platform);
            Priority.parse(priority);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (artifactGroup != null && !RunLayout.isValidArtifactGroup(artifactGroup)) {
            throw usage("--artifact-group must be 1-64 characters of [A-Za-z0-9._-], got '" + artifactGroup + "'");
        }
        try {
            RunPackaging.parseOptional(packaging);
        } catch (IllegalArgumentException e) {
            throw usage("--packaging: " + e.getMessage());
        }
        if (!Pep440Version.isValid(version)) {
            throw usage("--rocm-version is not a PEP 440 version: '" + version + "'");
        }
        if (runIndex == null && findLinks == null) {
            throw usage("one of --run-index or --find-links is required");
        }
        if (runIndex != null && depsIndex == null) {
            throw usage("--deps-index is required with --run-index (dependencies come only from the deps-only index)");
        }
        List<String> fams = families == null ? null : families.stream().map(String::trim).filter(f -> !f.isEmpty()).toList();
        if (families != null && fams.isEmpty()) {
            throw usage("--families is empty; leave it out to test the artifact group's family");
        }
        List<String> required = labels == null ? null : labels.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
        List<String> pythons = pythonVersions == null ? null
                : pythonVersions.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        return new RunSubmission(runId, platform, artifactGroup, version, depsIndex, runIndex, findLinks, fams, priority,
                required == null || required.isEmpty() ? null : required, packaging,
                pythons == null || pythons.isEmpty() ? null : pythons, image == null || image.isBlank() ? null : image.strip(),
                provenance());
    }

    /**
     * Where the run came from: each option given, else what the GitHub Actions environment says
     * ({@link GithubProvenance}); nothing with {@code --no-provenance}. Options are checked by the
     * orchestrator's rules here, so a mistake is a usage error naming the option, not a refusal.
     */
    private Provenance provenance() {
        boolean anyOption = repository != null || commit != null || pullRequest != null || workflowRunUrl != null || serverUrl != null;
        if (noProvenance) {
            if (anyOption) {
                throw usage("--no-provenance cannot be combined with --repository, --commit, --pull-request, --workflow-run-url or --server-url");
            }
            return null;
        }
        Provenance given = new Provenance(blankToNull(repository), commit == null || commit.isBlank() ? null : commit.strip().toLowerCase(java.util.Locale.ROOT),
                pullRequest, blankToNull(workflowRunUrl), blankToNull(serverUrl));
        given.problem().ifPresent(p -> {
            throw usage(OPTION_OF.get(p.field()) + ": " + p.message());
        });
        GithubProvenance.Reading env = GithubProvenance.read(environment);
        env.notes().forEach(n -> spec.commandLine().getErr().println("gfxfleet submit: " + n));
        Provenance fromEnv = env.provenance() == null ? new Provenance(null, null, null, null, null) : env.provenance();
        Provenance merged = new Provenance(
                given.repository() != null ? given.repository() : fromEnv.repository(),
                given.commit() != null ? given.commit() : fromEnv.commit(),
                given.pullRequest() != null ? given.pullRequest() : fromEnv.pullRequest(),
                given.workflowRunUrl() != null ? given.workflowRunUrl() : fromEnv.workflowRunUrl(),
                given.serverUrl() != null ? given.serverUrl() : fromEnv.serverUrl());
        return merged.nothingGiven() ? null : merged;
    }

    private static final Map<String, String> OPTION_OF = Map.of(
            "provenance.repository", "--repository", "provenance.commit", "--commit", "provenance.pull_request", "--pull-request",
            "provenance.workflow_run_url", "--workflow-run-url", "provenance.server_url", "--server-url");

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * An index URL in a run folder ({@link RunLocation}: TheRock's {@code package_find_links_url} is
     * one) names the run, platform and artifact group; options given as well must agree with it.
     */
    private void fillFromLocation(String url) {
        if (url == null) {
            return;
        }
        RunLocation.parse(url).ifPresent(loc -> {
            RunLayout l = loc.layout();
            runId = agree("--run-id", runId, l.runId(), url);
            platform = agree("--platform", platform, l.platform().wireName(), url);
            if (l.isMultiArch()) {
                if (artifactGroup != null) {
                    throw usage("--artifact-group " + artifactGroup + " given, but " + url + " is a multi-arch run's (no artifact group)");
                }
            } else {
                artifactGroup = agree("--artifact-group", artifactGroup, l.artifactGroup(), url);
            }
        });
    }

    private String agree(String option, String given, String fromUrl, String url) {
        if (given != null && !given.equals(fromUrl)) {
            throw usage(option + " " + given + " disagrees with " + url + " (which says " + fromUrl + ")");
        }
        return fromUrl;
    }

    private String readToken() {
        if (tokenFile == null) {
            return null;
        }
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw usage("--token-file " + tokenFile + " cannot be read: " + e.getMessage());
        }
        if (token.isEmpty()) {
            throw usage("--token-file " + tokenFile + " is empty");
        }
        if (token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
            throw usage("--token-file " + tokenFile + " must hold one token of printable ASCII without spaces");
        }
        return token;
    }
}
