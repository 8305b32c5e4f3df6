package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.LibrariesPackaging;
import io.gfxfleet.orchestrator.samples.Outcome;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent never reports green for a run that did not really test, and survives tests that
 * crash, hang or flood their output: real orchestrator, real agents, real venvs and pip, sample
 * packages whose {@code rocm-sdk test} misbehaves on purpose. All jobs run once, in parallel;
 * each test below checks one of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoFalseGreensEndToEndTest {
    static final String VERSION = "7.10.0a20261126";
    static final String CRASH = "gfx110X-all";
    static final String HANG = "gfx120X-all";
    static final String FLOOD = "gfx1151";
    static final String NOT_FOR_ARCH = "gfx950-dcgpu";
    static final String WRONG_FAMILY = "gfx90a";
    static final String ROGUE = "gfx103X-all";
    static final String DEFAULT_FAMILY = "gfx94X-dcgpu";
    static final long OUTPUT_CAP = 1024 * 1024;

    Path dir;
    Orchestrator orchestrator;
    final Map<String, JobState> verdicts = new LinkedHashMap<>();
    final Map<String, JobView> jobs = new LinkedHashMap<>();

    @BeforeAll
    void runEveryJob(@TempDir Path tmp) throws Exception {
        dir = tmp;
        orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0));
        Path packages = dir.resolve("orchestrator").resolve("packages");
        String base = orchestrator.baseUrl() + "/packages/";
        SampleSpec spec = SamplePackages.builder().version(VERSION)
                .families(DEFAULT_FAMILY, CRASH, HANG, FLOOD, NOT_FOR_ARCH, WRONG_FAMILY).defaultFamily(DEFAULT_FAMILY)
                .outcome(CRASH, SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.of(Outcome.SEGFAULT))
                .outcome(HANG, SampleTest.DEVEL_INSTALLATION_LAYOUT, SampleOutcome.of(Outcome.HANG))
                .outcome(FLOOD, SampleTest.BASE_VERSION, SampleOutcome.hugeOutput(50))
                .libraries(NOT_FOR_ARCH, LibrariesPackaging.NOT_FOR_THIS_ARCH)
                .build();
        SampleRun sample = SampleRun.publish(spec, "5001", "multiarch", dir.resolve("samples"), packages);
        ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
        RunView first = api.submit(sample.submission(base, "presubmit"));

        // A second run whose "deps" index also offers a newer build of rocm-sdk-core.
        SampleSpec rogueSpec = SamplePackages.builder().version(VERSION).families(ROGUE).build();
        SampleRun rogueRun = SampleRun.publish(rogueSpec, "5002", ROGUE, dir.resolve("rogue-samples"), packages);
        Map<String, Path> rogueFiles = RogueIndex.depsOf(list(dir.resolve("rogue-samples").resolve("deps")));
        Path core = list(dir.resolve("rogue-samples").resolve("dist")).stream()
                .filter(p -> p.getFileName().toString().startsWith("rocm_sdk_core-")).findFirst().orElseThrow();
        rogueFiles.put(core.getFileName().toString().replace("-py3-", "-1-py3-"), core);
        RogueIndex.write(packages.resolve("rogue/simple"), rogueFiles);
        RunSubmission s = rogueRun.submission(base, "presubmit");
        RunView second = api.submit(new RunSubmission(s.runId(), s.platform(), s.artifactGroup(), s.version(), base + "rogue/simple/",
                s.runIndexUrl(), s.findLinksUrl(), s.families(), s.priority(), null, null, s.pythonVersions(), null));

        Map<String, AgentLoop> agents = new LinkedHashMap<>();
        agents.put(CRASH, agent(CRASH, UnaryOperator.identity()));
        agents.put(HANG, agent(HANG, r -> r.withTestTimeout(Duration.ofSeconds(10))));
        agents.put(FLOOD, agent(FLOOD, r -> r.withMaxStepOutputBytes(OUTPUT_CAP).withKeepWorkspaces(true)));
        agents.put(NOT_FOR_ARCH, agent(NOT_FOR_ARCH, UnaryOperator.identity()));
        // Like a single-GPU runner: rocm's setup.py chooses the family, and here chooses the build's default.
        agents.put(WRONG_FAMILY, agent(WRONG_FAMILY, r -> r.withPinTargetFamily(false)));
        agents.put(ROGUE, agent(ROGUE, UnaryOperator.identity()));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Map<String, CompletableFuture<Optional<JobState>>> running = new LinkedHashMap<>();
        agents.forEach((family, loop) -> running.put(family, CompletableFuture.supplyAsync(() -> AgentHarness.runOnce(loop), pool)));
        for (var e : running.entrySet()) {
            verdicts.put(e.getKey(), e.getValue().get(10, TimeUnit.MINUTES).orElseThrow());
        }
        pool.shutdown();
        for (RunView run : List.of(api.run(first.id()), api.run(second.id()))) {
            run.jobs().forEach(j -> jobs.put(j.family(), j));
        }
    }

    @AfterAll
    void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    @Test
    void aSegfaultMarksTheRunningTestCrashedAndKeepsTheEarlierResults() {
        assertEquals(JobState.FAILED, verdicts.get(CRASH));
        List<TestResult> results = results(CRASH);
        List<TestResult> crashed = results.stream().filter(r -> r.status() == TestStatus.CRASHED).toList();
        assertEquals(2, crashed.size(), "crashed once per step: " + crashed);
        for (TestResult r : crashed) {
            assertEquals(SampleTest.CORE_SHARED_LIBRARIES_LOAD.unittestId(), r.testId());
            assertTrue((r.message() + r.details()).contains("SIGSEGV") || (r.message() + r.details()).contains("signal 11"), r.toString());
        }
        assertTrue(results.stream().anyMatch(r -> r.testId().equals(SampleTest.BASE_CLI.unittestId()) && r.status() == TestStatus.PASSED),
                "tests before the crash are kept");
        assertTrue(jobs.get(CRASH).reason().contains("signal 11"), jobs.get(CRASH).reason());
    }

    @Test
    void aHangHitsTheStepTimeoutKillsTheProcessTreeAndTheNextStepStillRan() {
        assertEquals(JobState.TIMED_OUT, verdicts.get(HANG));
        List<TestResult> results = results(HANG);
        TestResult hung = results.stream().filter(r -> r.status() == TestStatus.TIMED_OUT).findFirst().orElseThrow();
        assertEquals(SampleTest.DEVEL_INSTALLATION_LAYOUT.unittestId(), hung.testId());
        assertEquals("devel", hung.step());
        assertTrue(results.stream().anyMatch(r -> r.step().equals("libraries") && r.component().equals("libraries")
                && r.status() == TestStatus.PASSED), "the libraries step before it passed");
        String agentDir = dir.resolve("agent-" + HANG).toString();
        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(agentDir)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertEquals(List.of(), leftovers, "no process of the hung job survives");
    }

    @Test
    void fiftyMegabytesOfOutputAreCutToTheCapWithAMarkerAndTheRunStillParses() throws Exception {
        assertEquals(JobState.PASSED, verdicts.get(FLOOD));
        Path logs = dir.resolve("agent-" + FLOOD).resolve("jobs").resolve(jobs.get(FLOOD).id() + "-1").resolve("logs");
        for (String step : List.of("libraries", "devel")) {
            Path log = logs.resolve(step + "-test.log");
            long size = Files.size(log);
            assertTrue(size < OUTPUT_CAP + 200 * 1024, step + " log holds only about the cap: " + size);
            String text = Files.readString(log);
            assertTrue(text.contains("[gfxfleet: output cut after " + OUTPUT_CAP + " bytes"), "marker where it was cut");
            assertTrue(java.util.regex.Pattern.compile("(?m)^Ran \\d+ tests? in").matcher(text).find() && text.contains("\nOK\n"),
                    "the summary after the cut is kept: " + text.substring(Math.max(0, text.length() - 600)));
        }
        assertTrue(results(FLOOD).stream().anyMatch(r -> r.testId().equals(SampleTest.BASE_VERSION.unittestId())
                && r.status() == TestStatus.PASSED));
    }

    @Test
    void librariesSkippedForThisArchFailTheJobWithTheReasonAsAResult() {
        assertEquals(JobState.FAILED, verdicts.get(NOT_FOR_ARCH));
        assertTrue(results(NOT_FOR_ARCH).stream().anyMatch(r -> r.testId().equals("gfxfleet.libraries.checks")
                && r.status() == TestStatus.FAILED && r.message().contains("libraries tests were skipped")), results(NOT_FOR_ARCH).toString());
        assertTrue(jobs.get(NOT_FOR_ARCH).reason().contains("libraries tests were skipped"), jobs.get(NOT_FOR_ARCH).reason());
    }

    @Test
    void librariesOfAnotherFamilyFailTheJobAlthoughEveryTestPassed() {
        assertEquals(JobState.FAILED, verdicts.get(WRONG_FAMILY));
        List<TestResult> results = results(WRONG_FAMILY);
        TestResult family = results.stream().filter(r -> r.testId().equals("gfxfleet.libraries.family")).findFirst().orElseThrow();
        assertEquals(TestStatus.FAILED, family.status());
        assertTrue(family.message().contains("rocm-sdk-libraries-" + DEFAULT_FAMILY), family.message());
        assertTrue(results.stream().filter(r -> !r.component().equals("gfxfleet")).noneMatch(r -> r.status().isFailure()),
                "the tests themselves passed: only the check catches it");
        assertTrue(jobs.get(WRONG_FAMILY).reason().contains("job is for family " + WRONG_FAMILY), jobs.get(WRONG_FAMILY).reason());
    }

    @Test
    void aRocmPackageFromAnyIndexButTheRunsFailsTheJob() {
        assertEquals(JobState.FAILED, verdicts.get(ROGUE));
        TestResult provenance = results(ROGUE).stream().filter(r -> r.testId().equals("gfxfleet.libraries.provenance"))
                .findFirst().orElseThrow();
        assertEquals(TestStatus.FAILED, provenance.status());
        assertTrue(provenance.message().contains("rocm-sdk-core") && provenance.message().contains("/rogue/simple/"), provenance.message());
    }

    @Test
    void everyJobsVerdictReachedTheOrchestrator() {
        verdicts.forEach((family, verdict) -> assertEquals(verdict, jobs.get(family).state(), family));
        assertFalse(jobs.get(CRASH).reason().isBlank());
    }

    @Test
    void stepLogsPipFreezeAndTheJunitReportAreUploadedAndListedWithTheJob() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String jobId = jobs.get(CRASH).id();
        String listing = get(http, "/api/v1/jobs/" + jobId + "/logs");
        for (String name : List.of("libraries-test.log", "devel-test.log", "libraries-pip-freeze.txt", "libraries-install.log",
                "libraries-pip-report.json", "junit.xml")) {
            assertTrue(listing.contains("\"name\":\"" + name + "\""), name + " listed: " + listing);
        }
        String freeze = get(http, "/api/v1/jobs/" + jobId + "/logs/1/libraries-pip-freeze.txt");
        assertTrue(freeze.contains("rocm-sdk-libraries-" + CRASH + "==" + VERSION), freeze);
        String junit = get(http, "/api/v1/jobs/" + jobId + "/logs/1/junit.xml");
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(junit.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var cases = doc.getElementsByTagName("testcase");
        assertEquals(results(CRASH).size(), cases.getLength(), "one testcase per stored result");
        assertEquals(2, doc.getElementsByTagName("error").getLength() - errorsOtherThanCrashes(), junit);
        assertTrue(junit.contains("name=\"testSharedLibrariesLoad\""), junit);
    }

    private long errorsOtherThanCrashes() {
        return results(CRASH).stream().filter(r -> r.status() == TestStatus.ERROR || r.status() == TestStatus.TIMED_OUT).count();
    }

    private String get(java.net.http.HttpClient http, String path) throws Exception {
        var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(orchestrator.baseUrl() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private AgentLoop agent(String family, UnaryOperator<io.gfxfleet.agent.job.RunnerSettings> tweak) {
        return AgentHarness.agent(orchestrator.baseUrl(), family, dir.resolve("agent-" + family), tweak);
    }

    private List<TestResult> results(String family) {
        return orchestrator.store().results(jobs.get(family).id());
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
