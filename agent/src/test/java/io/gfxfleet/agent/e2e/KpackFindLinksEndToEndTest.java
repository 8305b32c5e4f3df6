package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.RunIndexPublisher;
import io.gfxfleet.orchestrator.publish.RunIndexResult;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.publish.s3.S3ProxyServer;
import io.gfxfleet.orchestrator.publish.s3.S3Settings;
import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.orchestrator.testkit.ProcessResult;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TheRock as it ships today, end to end: a kpack-split run published to a real S3 server (S3Proxy)
 * in the group-less multi-arch layout {@code {run_id}-linux/python/}, submitted with nothing but
 * its find-links URL; the orchestrator hands out its default deps index (holding a
 * {@code setuptools>=70.2} that the {@code rocm} sdist needs). An agent installs, tests and reports;
 * the same packages installed and tested by plain pip and {@code rocm-sdk test}, as TheRock's
 * workflow does it, give the same per-test results, step by step.
 */
class KpackFindLinksEndToEndTest {
    private static final String FAMILY = "gfx94X-dcgpu";
    private static final String TARGET = "gfx942";
    private static final String V = "7.13.0a20261201";
    private static final String BUCKET = "therock-ci-artifacts";
    private static final String RUN_ID = "20011";
    private static final Pattern RAN = Pattern.compile("(?m)^Ran (\\d+) tests? in ");

    @TempDir
    Path dir;

    /** What plain {@code rocm-sdk test} said it ran ({@code Ran N tests}), per step. */
    private final Map<String, Long> ranPerStep = new java.util.HashMap<>();

    @Test
    void aKpackRunGivenOnlyByItsFindLinksUrlReportsWhatPlainPipAndRocmSdkTestGive() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            S3Settings bucket = s3.bucket(BUCKET);
            SampleOutput samples = SamplePackages.builder().version(V).families(FAMILY).kpack().withProfiler()
                    .outcome(SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.fail("libatomic.so.1: cannot open shared object file"))
                    .writeTo(dir.resolve("samples"));
            RunIndexResult published = new RunIndexPublisher()
                    .publish(samples.dist(), RunLayout.multiArch("", RUN_ID, Platform.LINUX), s3.target(bucket));
            new DepsIndexPublisher().publish(samples.deps(), s3.target(bucket));
            String findLinks = bucket.baseUrl() + published.findLinksKey();
            assertEquals(RUN_ID + "-linux/python/index.html", published.findLinksKey(), "the group-less multi-arch layout");
            String depsIndex = bucket.baseUrl() + RunLayout.DEPS_SIMPLE;

            Map<String, Map<String, TestStatus>> byAgent = agentResults(findLinks, depsIndex);
            Map<String, Map<String, TestStatus>> plain = plainResults(findLinks, depsIndex);

            assertEquals(List.of("libraries", "devel", "profiler"), List.copyOf(plain.keySet()));
            // TheRock's counts: Ran 19 for rocm[libraries], 27 with devel, 20 in the profiler venv.
            assertEquals(Map.of("libraries", 19L, "devel", 27L, "profiler", 20L), ranPerStep);
            assertEquals(plain, byAgent, "per step, test id → status");
            assertTrue(plain.get("libraries").entrySet().stream().anyMatch(e -> e.getKey().contains("testSharedLibrariesLoad")
                    && e.getValue() == TestStatus.FAILED), plain.get("libraries").toString());
            assertTrue(plain.get("libraries").keySet().stream().anyMatch(id -> id.contains(".libraries_test.")),
                    "the libraries tests ran: " + plain.get("libraries").keySet());
        }
    }

    /** Submits the run with its find-links URL only and lets one agent run the job; results per step. */
    private Map<String, Map<String, TestStatus>> agentResults(String findLinks, String depsIndex) throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0).withDefaultDepsIndexUrl(depsIndex))) {
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            RunView run = api.submit(new RunSubmission(RUN_ID, "linux", null, V, null, null, findLinks, List.of(FAMILY),
                    "presubmit", null, null, AgentHarness.localPython(), null));
            Path work = dir.resolve("agent");
            Optional<JobState> verdict = AgentHarness.runOnce(AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work));
            JobView job = api.run(run.id()).jobs().get(0);
            assertEquals(Optional.of(JobState.FAILED), verdict, job.reason());
            assertTrue(job.reason().contains("testSharedLibrariesLoad"), job.reason());

            List<TestResult> results = orchestrator.store().results(job.id());
            List<TestResult> checks = results.stream().filter(r -> JobRunner.PLAN_COMPONENT.equals(r.component())).toList();
            assertTrue(checks.stream().allMatch(r -> r.status() == TestStatus.PASSED), "install, bootstrap, provenance: " + checks);
            assertEquals(List.of("gfxfleet.libraries.bootstrap", "gfxfleet.libraries.install", "gfxfleet.devel.install",
                    "gfxfleet.profiler.bootstrap", "gfxfleet.profiler.install"), checks.stream().map(TestResult::testId).toList());

            Path logs = work.resolve("jobs").resolve(job.id() + "-1").resolve("logs");
            String install = Files.readString(logs.resolve("libraries-install.log"));
            assertTrue(install.contains("rocm[libraries,device-" + TARGET + "]==" + V) && install.contains("--no-build-isolation")
                    && install.contains("--no-index"), install.lines().findFirst().orElse(""));
            String bootstrap = Files.readString(logs.resolve("libraries-bootstrap.log"));
            assertTrue(bootstrap.contains("--upgrade pip setuptools wheel"), bootstrap.lines().findFirst().orElse(""));
            assertTrue(Files.readString(logs.resolve("devel-install.log")).contains("rocm[libraries,devel,device-" + TARGET + "]==" + V));
            assertTrue(Files.readAllLines(logs.resolve("libraries-pip-freeze.txt")).stream()
                    .anyMatch(l -> l.startsWith("rocm-sdk-device-" + TARGET + "==")));
            return byStep(results.stream().filter(r -> !JobRunner.PLAN_COMPONENT.equals(r.component())).toList());
        }
    }

    /** TheRock's steps with plain pip and rocm-sdk test: bootstrap, find-links install, test; devel; profiler venv. */
    private Map<String, Map<String, TestStatus>> plainResults(String findLinks, String depsIndex) throws Exception {
        Map<String, String> pin = Map.of("ROCM_SDK_TARGET_FAMILY", TARGET);
        List<TestResult> results = new ArrayList<>();
        PythonVenv venv = bootstrapped(dir.resolve("plain-venv"), depsIndex);
        installFromFindLinks(venv, "rocm[libraries,device-" + TARGET + "]==" + V, findLinks, pin);
        results.addAll(rocmSdkTest(venv, "libraries", pin));
        installFromFindLinks(venv, "rocm[libraries,devel,device-" + TARGET + "]==" + V, findLinks, pin);
        results.addAll(rocmSdkTest(venv, "devel", pin));
        PythonVenv profiler = bootstrapped(dir.resolve("plain-profiler-venv"), depsIndex);
        installFromFindLinks(profiler, "rocm[profiler]==" + V, findLinks, pin);
        results.addAll(rocmSdkTest(profiler, "profiler", pin));
        return byStep(results);
    }

    private static PythonVenv bootstrapped(Path where, String depsIndex) throws Exception {
        PythonVenv venv = PythonVenv.create(where);
        ProcessResult r = venv.pip(List.of("install", "--upgrade", "pip", "setuptools", "wheel", "--index-url", depsIndex), Map.of());
        assertEquals(0, r.exitCode(), r::describe);
        return venv;
    }

    private static void installFromFindLinks(PythonVenv venv, String requirement, String findLinks, Map<String, String> env)
            throws Exception {
        ProcessResult r = venv.pip(List.of("install", "--no-index", "--no-build-isolation", "--find-links", findLinks,
                requirement), env);
        assertEquals(0, r.exitCode(), r::describe);
    }

    /** {@code rocm-sdk test}, its output read by the same parser; its own "Ran N" must match the methods reported. */
    private List<TestResult> rocmSdkTest(PythonVenv venv, String step, Map<String, String> env) throws Exception {
        ProcessResult r = venv.run("rocm-sdk", List.of("test"), env);
        List<TestResult> results = new ArrayList<>();
        UnittestOutputParser parser = new UnittestOutputParser(step, ParserSettings.defaults(), results::add);
        r.output().lines().forEach(parser::accept);
        parser.finish(StreamEnd.fromExitValue(r.exitCode()));
        Matcher ran = RAN.matcher(r.output());
        assertTrue(ran.find(), r::describe);
        long methods = results.stream().map(TestResult::testId).map(id -> id.replaceAll(" \\[.*$| \\(.*$", "")).distinct().count();
        assertEquals(Long.parseLong(ran.group(1)), methods, r::describe);
        ranPerStep.put(step, methods);
        assertFalse(results.isEmpty(), r::describe);
        return results;
    }

    private static Map<String, Map<String, TestStatus>> byStep(List<TestResult> results) {
        Map<String, Map<String, TestStatus>> out = new LinkedHashMap<>();
        for (TestResult r : results) {
            out.computeIfAbsent(r.step(), k -> new TreeMap<>()).put(r.testId(), r.status());
        }
        return out;
    }
}
