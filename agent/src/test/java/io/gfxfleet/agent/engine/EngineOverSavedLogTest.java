package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.PythonLogs;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gfxfleet engine run by the Launcher over saved logs of real unittest runs and captured fixtures. */
class EngineOverSavedLogTest {
    private static final String JOB_NAME = "gfxfleet run 42 7.0.0 gfx94X-dcgpu";
    private static final String CORE = "rocm_sdk.tests.core_test.ROCmCoreTest.";

    @TempDir
    Path dir;

    record Launch(JobOutcome outcome, RecordingListener recorded, List<TestResult> streamed, String xml,
                  List<TestResult> direct) {
        Map<String, TestResult> byId() {
            return direct.stream().collect(Collectors.toMap(TestResult::testId, Function.identity(), (a, b) -> a));
        }
    }

    /** A clock that ticks on every reading: durations are the same in every parse of the same log. */
    private static ParserSettings settings(Set<String> expect) {
        AtomicLong ticks = new AtomicLong(1_000);
        return ParserSettings.defaults().withExpectedComponents(expect).withClock(() -> ticks.addAndGet(7));
    }

    static Launch launch(Path log, Set<String> expect, StreamEnd end) throws IOException {
        List<TestResult> direct = new ArrayList<>();
        JobOutcome directOutcome = new SavedLogSource(log, "libraries", settings(expect), end).run(direct::add);
        RecordingListener recorded = new RecordingListener();
        List<TestResult> streamed = new ArrayList<>();
        TestResultListener streaming = new TestResultListener(streamed::add);
        try (JunitXmlReport report = new JunitXmlReport()) {
            JobOutcome outcome = JobLauncher.run(new JobSelector("job-1", JOB_NAME,
                    new SavedLogSource(log, "libraries", settings(expect), end)), List.of(recorded, streaming, report.listener()));
            assertTrue(streaming.failure().isEmpty(), () -> streaming.failure().get().toString());
            assertEquals(directOutcome, outcome);
            assertTrue(recorded.planFinished);
            return new Launch(outcome, recorded, streamed, report.xml(), direct);
        }
    }

    private Launch mixed() throws Exception {
        return launch(PythonLogs.mixedRunLog(dir), Set.of("libraries", "devel"), StreamEnd.exited(1));
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/io/gfxfleet/agent/parse/" + name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            Path file = dir.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    @Test
    void theTreeIsJobStepComponentTestCase() throws Exception {
        Launch l = mixed();
        RecordingListener r = l.recorded();

        assertEquals(List.of("[engine:gfxfleet]"), r.plan.getRoots().stream().map(t -> t.getUniqueId()).toList());
        String job = "[engine:gfxfleet]/[job:job-1]";
        assertTrue(r.plan.getTestIdentifier(job).isContainer());
        Set<String> components = new LinkedHashSet<>();
        for (TestResult result : l.direct()) {
            components.add(result.component());
        }
        List<String> registeredComponents = r.registered.values().stream()
                .filter(t -> t.getUniqueId().endsWith("]") && t.getUniqueIdObject().getLastSegment().getType().equals("component"))
                .map(t -> t.getDisplayName()).toList();
        assertEquals(List.copyOf(components), registeredComponents, "components in the order they first reported");
        assertTrue(components.containsAll(Set.of("base", "core", "gfxfleet")), components.toString());

        String preload = job + "/[step:libraries]/[component:core]/[test:" + CORE + "testPreloadLibraries]";
        var testCase = r.plan.getTestIdentifier(preload);
        assertTrue(testCase.isTest());
        assertEquals(List.of(JOB_NAME, JOB_NAME, "libraries", "core", "testPreloadLibraries"), r.path(testCase));

        long testCases = r.registered.values().stream().filter(t -> t.isTest()).count();
        assertEquals(l.direct().size(), testCases, "one test case per result");
        r.registered.values().stream().filter(t -> t.isTest())
                .forEach(t -> assertEquals(5, r.path(t).size(), "engine, job, step, component, test case: " + r.path(t)));

        // The three plan checks share one test id: later ones are told apart by a repeat segment.
        List<String> checks = r.registered.keySet().stream().filter(id -> id.contains("[test:gfxfleet.libraries.checks]")).toList();
        assertEquals(List.of(job + "/[step:libraries]/[component:gfxfleet]/[test:gfxfleet.libraries.checks]",
                job + "/[step:libraries]/[component:gfxfleet]/[test:gfxfleet.libraries.checks]/[repeat:2]",
                job + "/[step:libraries]/[component:gfxfleet]/[test:gfxfleet.libraries.checks]/[repeat:3]"), checks);
    }

    @Test
    void everyContainerEndsAfterItsChildrenAndSucceeds() throws Exception {
        RecordingListener r = mixed().recorded();
        List<RecordingListener.Event> ends = r.events.stream().filter(e -> !e.kind().equals("registered") && !e.kind().equals("started")).toList();
        for (int i = 0; i < ends.size(); i++) {
            var end = ends.get(i);
            if (end.test().isContainer()) {
                assertEquals(TestExecutionResult.Status.SUCCESSFUL, end.result().getStatus(), end.test().getUniqueId());
                String prefix = end.test().getUniqueId() + "/";
                for (var later : ends.subList(i + 1, ends.size())) {
                    assertFalse(later.test().getUniqueId().startsWith(prefix), later.test().getUniqueId() + " ended after " + prefix);
                }
            }
        }
        assertEquals("[engine:gfxfleet]", ends.get(ends.size() - 1).test().getUniqueId());
    }

    @Test
    void statusesMapToThePlatformsAndTheTagKeepsTheExactOne() throws Exception {
        Launch l = mixed();
        RecordingListener r = l.recorded();
        Map<String, TestResult> byId = l.byId();
        for (RecordingListener.Event end : r.testCaseEnds()) {
            String testId = end.test().getUniqueIdObject().getSegments().stream()
                    .filter(s -> s.getType().equals("test")).findFirst().orElseThrow().getValue();
            TestResult result = byId.get(testId);
            assertEquals(Set.of(TestTag.create(result.status().wireName())), end.test().getTags(), testId);
            switch (result.status()) {
                case PASSED, EXPECTED_FAILURE -> {
                    assertEquals("finished", end.kind(), testId);
                    assertEquals(TestExecutionResult.Status.SUCCESSFUL, end.result().getStatus(), testId);
                }
                case SKIPPED -> assertEquals("skipped", end.kind(), testId);
                case FAILED, UNEXPECTED_SUCCESS -> {
                    assertEquals(TestExecutionResult.Status.FAILED, end.result().getStatus(), testId);
                    assertInstanceOf(TestFailure.class, end.result().getThrowable().orElseThrow(), testId);
                }
                case ERROR, CRASHED, TIMED_OUT -> {
                    assertEquals(TestExecutionResult.Status.FAILED, end.result().getStatus(), testId);
                    assertInstanceOf(TestError.class, end.result().getThrowable().orElseThrow(), testId);
                }
            }
        }
        assertEquals("no GPU on this runner", r.end("testGpuVisible]").orElseThrow().reason());

        Throwable preload = r.end("testPreloadLibraries]").orElseThrow().result().getThrowable().orElseThrow();
        assertEquals("AssertionError: 1 != 2", preload.getMessage());
        assertTrue(preload.toString().startsWith("AssertionError: 1 != 2\nTraceback (most recent call last):"), preload.toString());
        assertEquals(0, preload.getStackTrace().length, "no Java stack trace: it would only point into the agent");

        Throwable shared = r.end("testSharedLibrariesLoad]").orElseThrow().result().getThrowable().orElseThrow();
        assertTrue(shared.toString().contains("--- subTest [Check shared library loads] (so_path='libatomic-user.so'): error: "
                + "OSError: libatomic.so.1: cannot open shared object file: No such file or directory"), shared.toString());
    }

    @Test
    void theStreamingListenerGetsBackExactlyTheResultsInOrder() throws Exception {
        Launch l = mixed();
        assertEquals(l.direct(), l.streamed());
        assertTrue(l.direct().stream().anyMatch(t -> t.durationMillis() != null && t.durationMillis() > 0));
        assertTrue(l.direct().stream().anyMatch(t -> t.status() == TestStatus.EXPECTED_FAILURE));
    }

    @Test
    void python310AndTheRockSampleLogsComeBackUnchanged() throws Exception {
        Launch p310 = launch(resource("python310.log"), Set.of("libraries", "devel"), StreamEnd.exited(1));
        assertEquals(p310.direct(), p310.streamed());
        assertEquals(JobState.FAILED, p310.outcome().verdict());

        Launch sample = launch(resource("therock-sample.log"), Set.of(), StreamEnd.unrecorded());
        assertEquals(sample.direct(), sample.streamed());
    }

    @Test
    void aCrashIsAnErrorWithTheLastOutputLines() throws Exception {
        Path log = dir.resolve("crash.log");
        Files.writeString(log, String.join("\n",
                "testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok",
                "testLoad (rocm_sdk.tests.core_test.ROCmCoreTest.testLoad) ... loading libamdhip64.so", ""));
        Launch l = launch(log, Set.of(), StreamEnd.signalled(11));
        assertEquals(l.direct(), l.streamed());
        TestResult crashed = l.byId().get(CORE + "testLoad");
        assertEquals(TestStatus.CRASHED, crashed.status());

        Document xml = dom(l.xml());
        Element testCase = testCase(xml, "rocm_sdk.tests.core_test.ROCmCoreTest", "testLoad");
        Element error = (Element) testCase.getElementsByTagName("error").item(0);
        assertEquals("crashed", error.getAttribute("type"));
        assertEquals("rocm-sdk test was killed by signal 11 (SIGSEGV) while this test was running", error.getAttribute("message"));
        assertTrue(error.getTextContent().contains("loading libamdhip64.so"), error.getTextContent());
    }

    @Test
    void theJunitXmlReportHasOneTestcasePerResult() throws Exception {
        Launch l = mixed();
        Document xml = dom(l.xml());
        Element suite = xml.getDocumentElement();
        assertEquals("testsuites", suite.getTagName());
        assertEquals(JOB_NAME, suite.getAttribute("name"));
        List<TestResult> d = l.direct();
        assertEquals(d.size(), Integer.parseInt(suite.getAttribute("tests")));
        assertEquals(count(d, TestStatus.FAILED, TestStatus.UNEXPECTED_SUCCESS), Integer.parseInt(suite.getAttribute("failures")));
        assertEquals(count(d, TestStatus.ERROR, TestStatus.CRASHED, TestStatus.TIMED_OUT), Integer.parseInt(suite.getAttribute("errors")));
        assertEquals(count(d, TestStatus.SKIPPED), Integer.parseInt(suite.getAttribute("skipped")));
        assertEquals(d.size(), xml.getElementsByTagName("testcase").getLength());
        assertEquals(count(d, TestStatus.FAILED, TestStatus.UNEXPECTED_SUCCESS), xml.getElementsByTagName("failure").getLength());

        Element preload = testCase(xml, "rocm_sdk.tests.core_test.ROCmCoreTest", "testPreloadLibraries");
        Element failure = (Element) preload.getElementsByTagName("failure").item(0);
        assertEquals("AssertionError: 1 != 2", failure.getAttribute("message"));
        assertEquals("failed", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("Traceback (most recent call last):"), failure.getTextContent());
        assertEquals(0, xml.getElementsByTagName("system-out").getLength(), "nothing about the agent's JVM");
        Element step = (Element) preload.getParentNode();
        assertEquals(JOB_NAME + " / libraries", step.getAttribute("name"), "the step names its suite");

        Element shared = testCase(xml, "rocm_sdk.tests.core_test.ROCmCoreTest", "testSharedLibrariesLoad");
        assertTrue(shared.getElementsByTagName("error").item(0).getTextContent()
                .contains("--- subTest [Check shared library loads] (so_path='libatomic-user.so'): error"));

        Element skipped = (Element) testCase(xml, "rocm_sdk.tests.core_test.ROCmCoreTest", "testGpuVisible").getElementsByTagName("skipped").item(0);
        assertEquals("no GPU on this runner", skipped.getTextContent());

        List<String> problems = new ArrayList<>();
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals("gfxfleet.libraries")) {
                problems.add(((Element) c.getElementsByTagName("failure").item(0)).getAttribute("message"));
            }
        }
        assertEquals(Set.of("libraries tests were skipped although libraries were installed",
                "expected component 'devel' produced no test",
                "test discovery had errors: failed to import missing_test"), Set.copyOf(problems),
                "the reasons not to trust the run are failures in the report too");
    }

    @Test
    void aJobWithoutResultsCarriesItsVerdictInTheReport() throws Exception {
        RecordingListener recorded = new RecordingListener();
        try (JunitXmlReport report = new JunitXmlReport()) {
            JobOutcome outcome = JobLauncher.run(new JobSelector("job-2", JOB_NAME,
                    results -> new JobOutcome(JobState.INFRA_ERROR, "this agent cannot test gfx950-dcgpu")), List.of(recorded, report.listener()));
            assertEquals(JobState.INFRA_ERROR, outcome.verdict());
            Document xml = dom(report.xml());
            assertEquals(1, xml.getElementsByTagName("testcase").getLength());
            Element error = (Element) xml.getElementsByTagName("error").item(0);
            assertEquals("infra_error: this agent cannot test gfx950-dcgpu", error.getAttribute("message"));
        }
    }

    @Test
    void aPassingJobWithoutResultsIsNotAFailure() throws Exception {
        JobOutcome outcome = JobLauncher.run(new JobSelector("job-3", JOB_NAME, results -> new JobOutcome(JobState.PASSED, null)),
                List.of());
        assertEquals(JobState.PASSED, outcome.verdict());
    }

    @Test
    void aSourceThatFailsFailsTheJobNodeAndTheLaunch() {
        RecordingListener recorded = new RecordingListener();
        List<TestResult> streamed = new ArrayList<>();
        TestResult first = new TestResult("libraries", "gfxfleet", "gfxfleet.libraries.install", "gfxfleet.libraries", "install",
                TestStatus.PASSED, null, null, null, List.of());
        IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> JobLauncher.run(
                new JobSelector("job-4", JOB_NAME, results -> {
                    results.accept(first);
                    throw new IOException("disk full");
                }), List.of(recorded, new TestResultListener(streamed::add))));
        assertEquals("disk full", thrown.getMessage());
        assertEquals(List.of(first), streamed);
        var job = recorded.events.stream().filter(e -> e.kind().equals("finished") && e.test().getUniqueId().endsWith("[job:job-4]"))
                .findFirst().orElseThrow();
        assertEquals(TestExecutionResult.Status.FAILED, job.result().getStatus());
    }

    @Test
    void resultsHandedOverFromAnotherThreadArriveInOrder() throws Exception {
        List<TestResult> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(new TestResult(i < 100 ? "libraries" : "devel", i % 2 == 0 ? "core" : "base", "t.C.test" + i, "t.C", "test" + i,
                    i % 7 == 0 ? TestStatus.FAILED : TestStatus.PASSED, (long) i, i % 7 == 0 ? "boom " + i : null, null, List.of()));
        }
        // What only a report entry carries back: a passing method's message, details and subTests.
        sent.add(new TestResult("devel", "devel", "t.D.testSome", "t.D", "testSome", TestStatus.PASSED, null, "note",
                "some\ndetails", List.of(new TestResult.SubTestResult("[Check] (k=1)", TestStatus.SKIPPED, "no GPU", null),
                new TestResult.SubTestResult("[Check] (k=2)", TestStatus.EXPECTED_FAILURE, null, "trace"))));
        sent.add(new TestResult("devel", "devel", "t.D.testSkip", "t.D", "testSkip", TestStatus.SKIPPED, 3L, null, null, List.of()));
        sent.add(new TestResult("devel", "devel", "t.D.testErr", "t.D", "testErr", TestStatus.ERROR, 3L, null, null,
                List.of(new TestResult.SubTestResult("[a]", TestStatus.FAILED, "m", "d"))));
        sent.add(new TestResult("devel", "devel", "setUpModule (t)", null, null, TestStatus.ERROR, null, "x", "y", List.of()));
        List<TestResult> streamed = new ArrayList<>();
        JobOutcome outcome = JobLauncher.run(new JobSelector("job-5", JOB_NAME, results -> {
            Thread pump = new Thread(() -> sent.forEach(results));
            pump.start();
            try {
                pump.join();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new JobOutcome(JobState.FAILED, "some failed");
        }), List.of(new TestResultListener(streamed::add)));
        assertEquals(JobState.FAILED, outcome.verdict());
        assertEquals(sent, streamed);
    }

    private static long count(List<TestResult> results, TestStatus... statuses) {
        Set<TestStatus> wanted = Set.of(statuses);
        return results.stream().filter(r -> wanted.contains(r.status())).count();
    }

    static Document dom(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static Element testCase(Document xml, String className, String name) {
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals(className) && c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no testcase " + className + " " + name);
    }
}
