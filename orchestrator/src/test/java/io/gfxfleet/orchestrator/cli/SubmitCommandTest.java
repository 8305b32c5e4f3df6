package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent.Grant;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gfxfleet.orchestrator.scripted.ScriptedAgent.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gfxfleet submit} through the real CLI root against a real orchestrator on SQLite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmitCommandTest {
    static final String GFX94 = "gfx94X-dcgpu";
    static final String GFX110 = "gfx110X-all";
    static final AtomicInteger RUN_IDS = new AtomicInteger(5000);

    Orchestrator orchestrator;
    String base;
    Path dir;
    Path tokenFile;
    Path githubOutput;
    Path githubSummary;

    record Outcome(int code, String out, String err) {}

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0));
        base = orchestrator.baseUrl();
        tokenFile = dir.resolve("submit.token");
        Files.writeString(tokenFile, "s3cret-submitter-token\n");
    }

    @AfterAll
    void stop() {
        orchestrator.close();
    }

    @BeforeEach
    void freshGithubFiles() throws Exception {
        githubOutput = Files.createTempFile(dir, "github-output", ".txt");
        githubSummary = Files.createTempFile(dir, "github-summary", ".md");
    }

    Map<String, String> githubEnv() {
        return Map.of("GITHUB_OUTPUT", githubOutput.toString(), "GITHUB_STEP_SUMMARY", githubSummary.toString());
    }

    Outcome submit(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GfxfleetCommandLine.of(new OrchestratorCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == SubmitCommand.class) {
                    return cls.cast(new SubmitCommand(env).pollEvery(Duration.ofMillis(100)));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    List<String> args(String runId, String families, String... more) {
        List<String> a = new ArrayList<>(List.of("submit", "--orchestrator", base, "--token-file", tokenFile.toString(),
                "--run-id", runId, "--platform", "linux", "--artifact-group", "multiarch", "--rocm-version", "7.10.0a20261125",
                "--deps-index", "http://127.0.0.1:9/python-deps/simple/",
                "--run-index", "http://127.0.0.1:9/" + runId + "-linux/python/multiarch/simple/",
                // One job per family, as these tests lease them (none named: one per tested Python).
                "--python", ScriptedAgent.PYTHON));
        if (families != null) {
            a.addAll(List.of("--families", families));
        }
        a.addAll(List.of(more));
        return a;
    }

    /** Starts {@code submit --wait} and returns once it is running; the caller drives the jobs. */
    CompletableFuture<Outcome> submitAndWait(Map<String, String> env, List<String> args) {
        return CompletableFuture.supplyAsync(() -> submit(env, args.toArray(String[]::new)));
    }

    /**
     * Tests share one orchestrator, so a family's queue may hold another test's job; only the
     * waiting tests lease, one at a time, and each leases exactly the jobs of its own run.
     */
    static Grant leaseOwn(ScriptedAgent agent, String family, String runId) throws Exception {
        Grant g = agent.lease(family, 60);
        assertEquals(runId, g.runId(), "leased another test's " + family + " job");
        return g;
    }

    String runId() {
        return String.valueOf(RUN_IDS.incrementAndGet());
    }

    @Test
    void waitExitsZeroWhenEveryFamilyPassedAndSetsTheGithubOutputs() throws Exception {
        String id = runId();
        var running = submitAndWait(githubEnv(), args(id, GFX94 + "," + GFX110, "--wait", "--timeout", "10m", "--github-output", "--github-summary"));
        ScriptedAgent agent = new ScriptedAgent(base, "agent-pass");
        for (String family : List.of(GFX94, GFX110)) {
            Grant g = leaseOwn(agent, family, id);
            agent.finish(g, List.of(test("core", "testCLI", TestStatus.PASSED), test("core", "testVersion", TestStatus.SKIPPED)));
        }
        Outcome o = running.get();
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("submitted: run " + id), o.out());
        assertTrue(o.out().contains("verdict: passed"), o.out());
        // Not a terminal: plain timestamped lines, e.g. "2026-11-25T16:00:00Z gfx110X-all py3.12: ✔ passed, 2 tests done (...)".
        assertTrue(o.out().lines().anyMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ gfx110X-all py3.12: ✔ passed, 2 tests done \\(1 passed, 0 failed, 1 skipped\\).*")), o.out());
        RunView run = orchestrator.store().recentRuns(50, 0).stream().filter(r -> r.runId().equals(id)).findFirst().orElseThrow();
        assertEquals("verdict=passed\ndashboard_url=" + base + "/ui/run.html?id=" + run.id() + "\n", Files.readString(githubOutput));
        String summary = Files.readString(githubSummary);
        assertTrue(summary.contains("## GPU fleet: ✔ passed · run " + id), summary);
        assertTrue(summary.contains("### ✔ gfx94X-dcgpu py3.12: passed"), summary);
        assertTrue(summary.contains("| ✔ passed | 1 | 0 | 1 | 1 | agent-pass | [gfx94X-dcgpu py3.12](" + base + "/ui/run.html?id=" + run.id() + "&job="), summary);
        assertFalse(summary.contains("Failing test"), summary);
    }

    @Test
    void aFailedTestExitsOneAndTheSummaryListsItWithItsMessageAndLinks() throws Exception {
        String id = runId();
        var running = submitAndWait(githubEnv(), args(id, GFX94 + "," + GFX110, "--wait", "--timeout", "5m", "--github-output", "--github-summary"));
        ScriptedAgent agent = new ScriptedAgent(base, "agent-fail");
        agent.finish(leaseOwn(agent, GFX94, id), List.of(test("core", "testCLI", TestStatus.PASSED)));
        agent.finish(leaseOwn(agent, GFX110, id), List.of(test("core", "testCLI", TestStatus.PASSED),
                test("core", "testHipcc", TestStatus.FAILED, "AssertionError: hipcc | printed nothing\nsecond line", "Traceback ...")));
        Outcome o = running.get();
        assertEquals(1, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("gfx110X-all py3.12: FAILED rocm_sdk.tests.core_test.ROCmCoreTest.testHipcc: AssertionError: hipcc | printed nothing"), o.out());
        assertTrue(o.out().contains("verdict: failed"), o.out());
        assertTrue(Files.readString(githubOutput).startsWith("verdict=failed\ndashboard_url=" + base + "/ui/run.html?id="));
        String summary = Files.readString(githubSummary);
        assertTrue(summary.contains("### ✘ gfx110X-all py3.12: failed"), summary);
        assertTrue(summary.contains("| ✘ failed (tests failed) | 1 | 1 | 0 | 1 | agent-fail |"), summary);
        assertTrue(summary.contains("| [`rocm_sdk.tests.core_test.ROCmCoreTest.testHipcc`](" + base
                + "/ui/history.html?family=gfx110X-all&test_id=rocm_sdk.tests.core_test.ROCmCoreTest.testHipcc) | failed"
                + " | AssertionError: hipcc \\| printed nothing second line |"), summary);
        assertTrue(summary.contains("### ✔ gfx94X-dcgpu py3.12: passed"), summary);
    }

    @Test
    void underGithubActionsEachFailingTestBecomesOneEscapedErrorAnnotation() throws Exception {
        String id = runId();
        Map<String, String> env = new java.util.HashMap<>(githubEnv());
        env.put("GITHUB_ACTIONS", "true");
        Path reports = dir.resolve("reports-" + id);
        var running = submitAndWait(env, args(id, GFX110, "--wait", "--timeout", "5m", "--github-summary", "--reports", reports.toString()));
        ScriptedAgent agent = new ScriptedAgent(base, "agent-annotate");
        Grant grant = leaseOwn(agent, GFX110, id);
        String junit = "<testsuites><testsuite name=\"core\" tests=\"3\"/></testsuites>";
        agent.uploadLog(grant, "junit.xml", junit);
        agent.finish(grant, List.of(test("core", "testCLI", TestStatus.PASSED),
                test("core", "testHipcc", TestStatus.FAILED, "AssertionError: 100% wrong, see ::x\nsecond line", "Traceback ..."),
                test("core", "testVersion", TestStatus.ERROR, null, "Traceback ...")));
        Outcome o = running.get();
        assertEquals(1, o.code(), o.out() + o.err());
        List<String> annotations = o.out().lines().filter(l -> l.startsWith("::")).toList();
        assertEquals(List.of(
                "::error title=rocm_sdk.tests.core_test.ROCmCoreTest.testHipcc::AssertionError: 100%25 wrong, see ::x",
                "::error title=rocm_sdk.tests.core_test.ROCmCoreTest.testVersion::error"), annotations, o.out());
        assertTrue(Files.readString(githubSummary).contains("| Failing test | Status | Message |"));
        assertEquals(junit, Files.readString(reports.resolve("gfx110X-all_py3.12.xml")), "the job's JUnit XML, saved for the artifact");
        // Outside GitHub Actions only the flag turns them on.
        String quiet = runId();
        var plain = submitAndWait(githubEnv(), args(quiet, GFX110, "--wait", "--timeout", "5m"));
        agent.finish(leaseOwn(agent, GFX110, quiet), List.of(test("core", "testHipcc", TestStatus.FAILED, "boom", "Traceback ...")));
        Outcome p = plain.get();
        assertFalse(p.out().contains("::error"), p.out());
    }

    @Test
    void annotationPropertiesEscapeColonsCommasAndLineBreaks() {
        assertEquals("a%3Ab%2Cc%25d%0De%0Af", io.gfxfleet.orchestrator.submit.GithubAnnotations.property("a:b,c%d\re\nf"));
    }

    @Test
    void anInfraErrorExitsThree() throws Exception {
        String id = runId();
        var running = submitAndWait(githubEnv(), args(id, GFX94, "--wait", "--timeout", "5m", "--github-output"));
        ScriptedAgent agent = new ScriptedAgent(base, "agent-infra");
        agent.complete(leaseOwn(agent, GFX94, id), "infra_error", "pip install failed", 0);
        Outcome o = running.get();
        assertEquals(3, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("pip install failed"), o.out());
        assertTrue(Files.readString(githubOutput).startsWith("verdict=infra_error\n"));
    }

    @Test
    void aWaitThatRunsOutExitsThreeWithTheLastStateSeen() throws Exception {
        // gfx950-dcgpu: no test here leases it, so the job stays queued.
        Outcome o = submit(githubEnv(), args(runId(), "gfx950-dcgpu", "--wait", "--timeout", "1s", "--github-output", "--github-summary")
                .toArray(String[]::new));
        assertEquals(3, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: none within PT1S (run is queued)"), o.out());
        assertTrue(Files.readString(githubOutput).startsWith("verdict=queued\n"));
        assertTrue(Files.readString(githubSummary).contains("The wait ended before every family had a verdict"));
    }

    @Test
    void theSameRunTwiceIsOneRun() {
        String id = runId();
        // A family no other test leases: these jobs stay queued.
        Outcome first = submit(Map.of(), args(id, "gfx1151").toArray(String[]::new));
        Outcome second = submit(Map.of(), args(id, "gfx1151").toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        assertEquals(0, second.code(), second.err());
        assertTrue(first.out().startsWith("submitted: run " + id), first.out());
        assertTrue(second.out().startsWith("already submitted: run " + id), second.out());
        assertEquals(1, orchestrator.store().recentRuns(500, 0).stream().filter(r -> r.runId().equals(id)).count());
        assertEquals(first.out().lines().filter(l -> l.startsWith("dashboard: ")).toList(),
                second.out().lines().filter(l -> l.startsWith("dashboard: ")).toList());
    }

    /** TheRock's CI hands out only a multi-arch find-links URL: the run, platform and (no) group come from it. */
    @Test
    void aMultiArchFindLinksUrlAloneNamesTheRun() {
        String id = runId();
        String page = "https://therock-ci-artifacts.s3.us-east-2.amazonaws.com/" + id + "-linux/python/index.html";
        // Families a la TheRock's callers (';'), families no other test leases: these jobs stay queued.
        Outcome o = submit(Map.of(), "submit", "--orchestrator", base, "--token-file", tokenFile.toString(),
                "--rocm-version", "7.13.0a20261201", "--find-links", page, "--families", "gfx1151;gfx120X-all",
                "--labels", "linux-gfx1151-gpu-rocm", "--packaging", "kpack");
        assertEquals(0, o.code(), o.out() + o.err());
        RunView run = orchestrator.store().recentRuns(500, 0).stream().filter(r -> r.runId().equals(id)).findFirst().orElseThrow();
        assertEquals(null, run.artifactGroup());
        assertEquals("linux", run.platform());
        assertEquals("kpack", run.packaging());
        assertEquals(page, run.findLinksUrl());
        // No --python: each family with every Python Linux is tested with.
        assertEquals(List.of("gfx1151 py3.10", "gfx1151 py3.11", "gfx1151 py3.12", "gfx120X-all py3.10", "gfx120X-all py3.11",
                "gfx120X-all py3.12"), run.jobs().stream().map(j -> j.label()).sorted().toList());

        String other = runId();
        assertUsage(submit(Map.of(), "submit", "--orchestrator", base, "--token-file", tokenFile.toString(),
                "--run-id", other, "--rocm-version", "7.13.0a20261201", "--find-links", page, "--families", "gfx1151"),
                "--run-id " + other + " disagrees with " + page + " (which says " + id + ")");
        assertUsage(submit(Map.of(), "submit", "--orchestrator", base, "--token-file", tokenFile.toString(),
                "--artifact-group", "gfx1151", "--rocm-version", "7.13.0a20261201", "--find-links", page, "--families", "gfx1151"),
                "is a multi-arch run's (no artifact group)");
    }

    @Test
    void badUsageExitsTwoWithAMessageNamingTheOption() throws Exception {
        String id = runId();
        assertUsage(submit(Map.of(), "submit", "--orchestrator", base), "Missing required option");
        assertUsage(submit(Map.of(), args(id, GFX110, "--wait", "--timeout", "5x").toArray(String[]::new)), "--timeout must be");
        assertUsage(submit(Map.of(), args(id, GFX110, "--timeout", "5m").toArray(String[]::new)), "--timeout only applies with --wait");
        assertUsage(submit(Map.of(), args(id, GFX110, "--find-links", "http://127.0.0.1:9/x/index.html").toArray(String[]::new)),
                "give --run-index or --find-links, not both");
        assertUsage(submit(Map.of(), args(id, GFX110, "--priority", "urgent").toArray(String[]::new)), "priority must be");
        assertUsage(submit(Map.of(), args(id, GFX110, "--github-output").toArray(String[]::new)), "$GITHUB_OUTPUT");
        Outcome refused = submit(Map.of(), args(id, "gfx999-nonsense").toArray(String[]::new));
        assertEquals(4, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("unknown GPU family 'gfx999-nonsense'"), refused.err());
        List<String> noToken = args(id, GFX110);
        noToken.set(noToken.indexOf(tokenFile.toString()), dir.resolve("missing.token").toString());
        assertUsage(submit(Map.of(), noToken.toArray(String[]::new)), "--token-file");
        assertEquals(0, orchestrator.store().recentRuns(500, 0).stream().filter(r -> r.runId().equals(id)).count(),
                "no bad invocation may create the run");
    }

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    /** A pull-request build's GitHub Actions variables (a map: the test's own environment is not touched). */
    static Map<String, String> pullRequestJob() {
        return Map.of("GITHUB_ACTIONS", "true", "GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "ROCm/TheRock",
                "GITHUB_SHA", SHA, "GITHUB_REF", "refs/pull/2417/merge", "GITHUB_EVENT_NAME", "pull_request",
                "GITHUB_RUN_ID", "19876543210", "GITHUB_RUN_ATTEMPT", "1");
    }

    RunView stored(String runId) {
        return orchestrator.store().recentRuns(500, 0).stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
    }

    @Test
    void underGithubActionsTheRunSaysWhereItCameFromAndOptionsOverrideIt() {
        // Families no other test leases: these jobs stay queued.
        String fromEnv = runId();
        Outcome o = submit(pullRequestJob(), args(fromEnv, "gfx1151").toArray(String[]::new));
        assertEquals(0, o.code(), o.out() + o.err());
        assertEquals(new Provenance("ROCm/TheRock", SHA, 2417, "https://github.com/ROCm/TheRock/actions/runs/19876543210/attempts/1", null),
                stored(fromEnv).provenance());

        String overridden = runId();
        o = submit(pullRequestJob(), args(overridden, "gfx1151", "--repository", "ROCm/rocm-libraries", "--commit", SHA.toUpperCase(),
                "--pull-request", "5", "--workflow-run-url", "https://ci.example.com/job/rocm/7/", "--server-url", "https://ghes.example.com")
                .toArray(String[]::new));
        assertEquals(0, o.code(), o.out() + o.err());
        assertEquals(new Provenance("ROCm/rocm-libraries", SHA, 5, "https://ci.example.com/job/rocm/7/", "https://ghes.example.com"),
                stored(overridden).provenance(), "each option wins over the environment; a commit is sent in lower case");

        String onlyOne = runId();
        o = submit(pullRequestJob(), args(onlyOne, "gfx1151", "--pull-request", "9").toArray(String[]::new));
        assertEquals(0, o.code(), o.out() + o.err());
        assertEquals(new Provenance("ROCm/TheRock", SHA, 9, "https://github.com/ROCm/TheRock/actions/runs/19876543210/attempts/1", null),
                stored(onlyOne).provenance(), "one option overrides one part");

        String none = runId();
        o = submit(pullRequestJob(), args(none, "gfx1151", "--no-provenance").toArray(String[]::new));
        assertEquals(0, o.code(), o.out() + o.err());
        assertEquals(null, stored(none).provenance());

        String local = runId();
        o = submit(Map.of("GITHUB_REPOSITORY", "ROCm/TheRock", "GITHUB_SHA", SHA), args(local, "gfx1151").toArray(String[]::new));
        assertEquals(0, o.code(), o.out() + o.err());
        assertEquals(null, stored(local).provenance(), "outside GitHub Actions (no GITHUB_ACTIONS=true) nothing is read");

        String badEnv = runId();
        Map<String, String> env = new java.util.HashMap<>(pullRequestJob());
        env.put("GITHUB_SHA", "HEAD");
        o = submit(env, args(badEnv, "gfx1151").toArray(String[]::new));
        assertEquals(0, o.code(), "a bad variable costs its link, not the run: " + o.out() + o.err());
        assertTrue(o.err().contains("GITHUB_SHA is not a full lower-case hex commit SHA; left out"), o.err());
        assertEquals(null, stored(badEnv).provenance().commit());
        assertEquals("ROCm/TheRock", stored(badEnv).provenance().repository());
    }

    /**
     * An orchestrator from before provenance refuses the unknown field (400, field "provenance"),
     * as its strict JSON reading does: a proxy in front of the real orchestrator answers so for a
     * body that has one and forwards the rest. submit retries once without, and the run is tested.
     */
    @Test
    void anOrchestratorWithoutProvenanceGetsTheRunWithoutIt() throws Exception {
        com.sun.net.httpserver.HttpServer old = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        AtomicInteger refused = new AtomicInteger();
        old.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer;
            int status;
            if (new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("\"provenance\"")) {
                refused.incrementAndGet();
                status = 400;
                answer = "{\"error\":\"unknown field 'provenance'\",\"field\":\"provenance\"}".getBytes();
            } else {
                try {
                    var forward = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + exchange.getRequestURI()))
                            .method(exchange.getRequestMethod(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                            .header("Content-Type", "application/json");
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (auth != null) {
                        forward.header("Authorization", auth);
                    }
                    var r = http.send(forward.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    status = r.statusCode();
                    answer = r.body();
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        old.start();
        try {
            String id = runId();
            List<String> a = args(id, "gfx1151");
            a.set(a.indexOf(base), "http://127.0.0.1:" + old.getAddress().getPort());
            Outcome o = submit(pullRequestJob(), a.toArray(String[]::new));
            assertEquals(0, o.code(), o.out() + o.err());
            assertEquals(1, refused.get());
            assertTrue(o.err().contains("does not take a run's provenance"), o.err());
            assertEquals(null, stored(id).provenance());

            List<String> unknownFamily = args(runId(), "gfx999-nonsense");
            unknownFamily.set(unknownFamily.indexOf(base), "http://127.0.0.1:" + old.getAddress().getPort());
            Outcome bad = submit(pullRequestJob(), unknownFamily.toArray(String[]::new));
            assertEquals(4, bad.code(), "a refusal of the run itself stays one: " + bad.err());
            assertTrue(bad.err().contains("unknown GPU family 'gfx999-nonsense'"), bad.err());
        } finally {
            old.stop(0);
        }
    }

    @Test
    void aBadProvenanceOptionExitsTwoNamingIt() {
        String id = runId();
        assertUsage(submit(Map.of(), args(id, GFX110, "--repository", "ROCm/TheRock/extra").toArray(String[]::new)), "--repository: repository must be");
        assertUsage(submit(Map.of(), args(id, GFX110, "--commit", "abc123").toArray(String[]::new)), "--commit: commit must be");
        assertUsage(submit(Map.of(), args(id, GFX110, "--pull-request", "0").toArray(String[]::new)), "--pull-request: pull_request must be");
        assertUsage(submit(Map.of(), args(id, GFX110, "--pull-request", "12x").toArray(String[]::new)), "--pull-request");
        assertUsage(submit(Map.of(), args(id, GFX110, "--workflow-run-url", "javascript:alert(1)").toArray(String[]::new)),
                "--workflow-run-url: workflow_run_url must be an http or https URL");
        assertUsage(submit(Map.of(), args(id, GFX110, "--workflow-run-url", "https://u:p@ci.example.com/1").toArray(String[]::new)),
                "--workflow-run-url: workflow_run_url must not carry credentials");
        assertUsage(submit(Map.of(), args(id, GFX110, "--server-url", "https://ghes.example.com/x").toArray(String[]::new)), "--server-url");
        assertUsage(submit(Map.of(), args(id, GFX110, "--no-provenance", "--commit", SHA).toArray(String[]::new)),
                "--no-provenance cannot be combined");
        assertEquals(0, orchestrator.store().recentRuns(500, 0).stream().filter(r -> r.runId().equals(id)).count(),
                "no bad invocation may create the run");
    }

    void assertUsage(Outcome o, String message) {
        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.err().contains(message), o.err());
    }

    @Test
    void anUnreachableOrchestratorExitsThree() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> a = args(runId(), "gfx1151", "--wait");
        a.set(a.indexOf(base), "http://127.0.0.1:" + closedPort);
        Outcome o = submit(Map.of(), a.toArray(String[]::new));
        assertEquals(3, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("cannot reach the orchestrator"), o.err());
        assertTrue(o.err().contains("connection refused"), o.err());
    }

    @Test
    void theTokenIsSentAsABearerTokenAndAWrongOneIsRefused(@TempDir Path other) throws Exception {
        Path tokens = other.resolve("tokens.txt");
        Files.writeString(tokens, "submitter ci-build " + TokenRegistry.hash("s3cret-submitter-token") + "\n");
        try (Orchestrator guarded = Orchestrator.start(OrchestratorConfig.embedded(other.resolve("data"), 0)
                .withTokens(TokenRegistry.load(tokens)))) {
            List<String> a = args(runId(), "gfx1151");
            a.set(a.indexOf(base), guarded.baseUrl());
            assertEquals(0, submit(Map.of(), a.toArray(String[]::new)).code());
            Path wrong = other.resolve("wrong.token");
            Files.writeString(wrong, "not-the-token");
            a.set(a.indexOf(tokenFile.toString()), wrong.toString());
            Outcome o = submit(Map.of(), a.toArray(String[]::new));
            assertEquals(2, o.code(), o.out() + o.err());
            assertTrue(o.err().contains("401"), o.err());
        }
    }
}
