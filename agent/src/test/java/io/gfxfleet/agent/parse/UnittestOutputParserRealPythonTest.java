package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestResult.SubTestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser fed with the output of real unittest runs by the machine's python3. */
class UnittestOutputParserRealPythonTest {
    private static final String CORE = "rocm_sdk.tests.core_test.ROCmCoreTest.";
    private static final String BASE = "rocm_sdk.tests.base_test.ROCmBaseTest.";

    @TempDir
    Path root;

    private static ParsedRun parse(PythonUnittestRun run, ParserSettings settings, List<TestResult> sink) {
        UnittestOutputParser parser = new UnittestOutputParser("libraries", settings, sink::add);
        run.lines().forEach(parser::accept);
        return parser.finish(run.end());
    }

    private static Map<String, TestResult> byId(List<TestResult> results) {
        return results.stream().collect(Collectors.toMap(TestResult::testId, Function.identity()));
    }

    @Test
    void mixedOutcomesGiveOneResultPerMethodWithMessagesAndSubtests() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of("base_test", TestModules.BASE_PASSING,
                "core_test", TestModules.CORE_MIXED));
        PythonUnittestRun run = PythonUnittestRun.run(root,
                "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test", "rocm_sdk.tests.missing_test");
        assertEquals(1, run.exitValue(), run.output());

        List<TestResult> sink = new ArrayList<>();
        ParsedRun parsed = parse(run, ParserSettings.defaults(), sink);
        Map<String, TestResult> results = byId(sink);

        assertEquals(12, results.size(), run.output());
        assertEquals(sink.size(), parsed.count(TestStatus.PASSED) + parsed.failing() + parsed.count(TestStatus.SKIPPED)
                + parsed.count(TestStatus.EXPECTED_FAILURE));
        assertTrue(sink.stream().allMatch(r -> r.step().equals("libraries")));

        TestResult cli = results.get(BASE + "testCLI");
        assertEquals(TestStatus.PASSED, cli.status());
        assertEquals("base", cli.component());
        assertEquals("rocm_sdk.tests.base_test.ROCmBaseTest", cli.className());
        assertEquals("testCLI", cli.method());
        assertNotNull(cli.durationMillis());
        assertEquals(TestStatus.PASSED, results.get(BASE + "testVersion").status(), "docstring line before ' ... '");
        assertEquals(TestStatus.PASSED, results.get(BASE + "testNoNewline").status(), "status glued to output");
        assertEquals(TestStatus.PASSED, results.get(BASE + "testTargets").status(), "passing subTests print nothing");
        assertTrue(results.get(BASE + "testTargets").subtests().isEmpty());

        TestResult shared = results.get(CORE + "testSharedLibrariesLoad");
        assertEquals(TestStatus.ERROR, shared.status(), "ERROR outranks FAIL among subTests");
        assertEquals("core", shared.component());
        assertEquals(List.of(
                new SubTestResult("[Check shared library loads] (so_path='libatomic-user.so')", TestStatus.ERROR,
                        "OSError: libatomic.so.1: cannot open shared object file: No such file or directory",
                        shared.subtests().get(0).details()),
                new SubTestResult("[Check shared library loads] (so_path='librocprofiler-sdk-roctx.so.1')",
                        TestStatus.FAILED,
                        "AssertionError: 'librocprofiler-sdk-roctx.so.1' != 'librocprofiler-sdk-roctx.so.2'",
                        shared.subtests().get(1).details())), shared.subtests());
        assertTrue(shared.subtests().get(0).details().startsWith("Traceback (most recent call last):"));
        assertTrue(shared.subtests().get(0).details().endsWith("No such file or directory"));
        assertTrue(shared.message().startsWith("2 failing subTests; first: OSError: libatomic.so.1"), shared.message());

        TestResult scripts = results.get(CORE + "testConsoleScripts");
        assertEquals(TestStatus.FAILED, scripts.status());
        assertEquals(1, scripts.subtests().size());
        assertEquals("[Check console-script amd-smi]", scripts.subtests().get(0).description());
        assertEquals("AssertionError: 'amd-smi' == 'amd-smi' : amd-smi needs a GPU", scripts.subtests().get(0).message());

        TestResult preload = results.get(CORE + "testPreloadLibraries");
        assertEquals(TestStatus.FAILED, preload.status());
        assertEquals("AssertionError: 1 != 2", preload.message());
        assertTrue(preload.details().contains("self.assertEqual(1, 2)"), preload.details());

        TestResult layout = results.get(CORE + "testInstallationLayout");
        assertEquals(TestStatus.ERROR, layout.status());
        assertEquals("RuntimeError: core module not found", layout.message());

        TestResult gpu = results.get(CORE + "testGpuVisible");
        assertEquals(TestStatus.SKIPPED, gpu.status());
        assertEquals("no GPU on this runner", gpu.message());
        assertEquals(TestStatus.EXPECTED_FAILURE, results.get(CORE + "testKnownBug").status());
        assertEquals(TestStatus.UNEXPECTED_SUCCESS, results.get(CORE + "testFixedBug").status());

        TestResult missing = results.get("unittest.loader._FailedTest.missing_test");
        assertEquals(TestStatus.ERROR, missing.status());
        assertEquals("missing", missing.component());
        assertEquals("ModuleNotFoundError: No module named 'rocm_sdk.tests.missing_test'", missing.message());

        assertEquals(12, parsed.ran());
        assertTrue(parsed.ranLineSeen());
        assertTrue(parsed.summarySeen());
        assertEquals(new RunTotals(false, false, 3, 3, 1, 1, 1), parsed.totals());
        assertTrue(parsed.notes().librariesSkipped());
        assertTrue(parsed.notes().profilerSkipped());
        assertEquals(1, parsed.notes().discoveryErrors().size());
        assertEquals(List.of("test discovery had errors: failed to import missing_test"), parsed.problems());
        assertEquals(3, parsed.failingSubtests());
        assertFalse(parsed.passed());
    }

    @Test
    void passingResultsAreEmittedAtTheirStatusLineAndFailingOnesAfterTheirSummaryBlock() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of("base_test", TestModules.BASE_PASSING,
                "core_test", TestModules.CORE_MIXED));
        PythonUnittestRun run = PythonUnittestRun.run(root, "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test");
        List<String> lines = run.lines();

        AtomicLong now = new AtomicLong();
        List<TestResult> sink = new ArrayList<>();
        UnittestOutputParser parser = new UnittestOutputParser("libraries",
                ParserSettings.defaults().withClock(now::get), sink::add);
        int cliStatus = -1;
        for (int i = 0; i < lines.size(); i++) {
            now.set(i * 10L);
            parser.accept(lines.get(i));
            String line = lines.get(i);
            if (line.equals("ok") && lines.get(i - 1).startsWith("usage: rocm-sdk")) {
                cliStatus = i;
                assertTrue(sink.stream().noneMatch(r -> r.testId().endsWith("testCLI")),
                        "held until the next test starts: a later status line may still complete it");
            }
            if (cliStatus >= 0 && i == cliStatus + 1) {
                TestResult last = sink.get(sink.size() - 1);
                assertEquals(BASE + "testCLI", last.testId(), "emitted when the next test started");
                int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("testCLI (")).findFirst().orElseThrow());
                assertEquals((cliStatus - start) * 10L, last.durationMillis(), "from its description to its status");
            }
            if (line.startsWith("FAIL: testPreloadLibraries (") || line.startsWith("Ran ")) {
                assertTrue(sink.stream().noneMatch(r -> r.testId().endsWith("testPreloadLibraries")),
                        "a failing test waits until its summary is known to be the run's (a test can print one)");
            }
        }
        assertTrue(cliStatus >= 0, run.output());
        ParsedRun parsed = parser.finish(run.end());
        assertEquals(11, sink.size());
        assertEquals(11, parsed.ran());
        assertTrue(parsed.problems().isEmpty(), parsed.problems().toString());
    }

    @Test
    void aGreenRunIsPassedUnlessExpectedComponentsWereSkipped() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of(
                "base_test", TestModules.BASE_PASSING,
                "core_test", TestModules.passing("ROCmCoreTest", 4),
                "devel_test", TestModules.passing("ROCmDevelTest", 8)));
        PythonUnittestRun run = PythonUnittestRun.run(root, "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test");
        assertEquals(0, run.exitValue(), run.output());

        List<TestResult> plainResults = new ArrayList<>();
        ParsedRun plain = parse(run, ParserSettings.defaults(), plainResults);
        assertTrue(plain.passed(), plain.problems().toString());
        assertEquals(16, plain.ran());
        assertEquals(16, plain.count(TestStatus.PASSED));
        assertEquals(new RunTotals(true, false, 0, 0, 0, 0, 0), plain.totals());
        assertEquals(8, plainResults.stream().filter(r -> r.component().equals("devel")).count());

        ParsedRun expecting = parse(run, ParserSettings.defaults()
                .withExpectedComponents(Set.of("libraries", "devel", "profiler")), new ArrayList<>());
        assertFalse(expecting.passed());
        assertEquals(List.of(
                "libraries tests were skipped although libraries were installed",
                "profiler tests were skipped although the profiler was installed"), expecting.problems());
    }

    @Test
    void anExpectedComponentThatRanNoTestIsAProblem() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of(
                "base_test", TestModules.passing("ROCmBaseTest", 2),
                "core_test", TestModules.passing("ROCmCoreTest", 2),
                "libraries_test", TestModules.passing("ROCmLibrariesTest", 3)));
        PythonUnittestRun run = PythonUnittestRun.run(root, "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test");
        ParsedRun parsed = parse(run, ParserSettings.defaults().withExpectedComponents(Set.of("libraries", "devel")),
                new ArrayList<>());
        assertFalse(parsed.notes().librariesSkipped());
        assertEquals(List.of("expected component 'devel' produced no test"), parsed.problems());
        assertFalse(parsed.passed());
    }

    @Test
    void aSegfaultMarksTheRunningTestCrashedWithTheLastOutput() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of(
                "base_test", TestModules.passing("ROCmBaseTest", 1),
                "core_test", TestModules.SEGFAULT));
        PythonUnittestRun run = PythonUnittestRun.run(root, "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test");
        assertEquals(new StreamEnd.Signalled(11), run.end(), run.output());

        List<TestResult> sink = new ArrayList<>();
        ParsedRun parsed = parse(run, ParserSettings.defaults(), sink);
        Map<String, TestResult> results = byId(sink);
        assertEquals(3, sink.size());
        assertEquals(TestStatus.PASSED, results.get(CORE + "testA_passes").status());
        TestResult crashed = results.get(CORE + "testB_crashes");
        assertEquals(TestStatus.CRASHED, crashed.status());
        assertEquals("rocm-sdk test was killed by signal 11 (SIGSEGV) while this test was running", crashed.message());
        assertTrue(crashed.details().contains("testB_crashes (" + CORE + "testB_crashes) ... ++ Exec [/w]$ rocminfo"),
                crashed.details());
        assertFalse(results.containsKey(CORE + "testC_never_runs"));
        assertFalse(parsed.ranLineSeen());
        assertFalse(parsed.summarySeen());
        assertEquals(List.of("rocm-sdk test was killed by signal 11 (SIGSEGV)",
                "no 'Ran N tests' line: the test run did not complete"), parsed.problems());
        assertFalse(parsed.passed());
    }

    @Test
    void aTestStillRunningWhenTheCallerGivesUpIsTimedOut() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of(
                "base_test", TestModules.passing("ROCmBaseTest", 1),
                "core_test", TestModules.HANGS));
        Process process = PythonUnittestRun.start("python3", root,
                List.of("rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test"));
        List<TestResult> sink = new ArrayList<>();
        UnittestOutputParser parser = new UnittestOutputParser("libraries", sink::add);
        try (BufferedReader reader = PythonUnittestRun.reader(process)) {
            String line;
            // The caller's time limit is simulated: it gives up once the hanging test is visibly running.
            while ((line = reader.readLine()) != null) {
                parser.accept(line);
                if (line.contains("waiting for a GPU")) {
                    break;
                }
            }
            assertEquals(CORE + "testHangs", parser.runningTestId().orElseThrow());
            process.destroyForcibly();
            process.waitFor();
        }
        ParsedRun parsed = parser.finish(StreamEnd.timedOut(Duration.ofMinutes(5)));
        TestResult hung = byId(sink).get(CORE + "testHangs");
        assertEquals(TestStatus.TIMED_OUT, hung.status());
        assertEquals("rocm-sdk test timed out after 300 s while this test was running", hung.message());
        assertTrue(hung.details().endsWith("waiting for a GPU that never answers"), hung.details());
        assertEquals(TestStatus.PASSED, byId(sink).get("rocm_sdk.tests.base_test.ROCmBaseTest.test0").status());
        assertTrue(parsed.problems().contains("rocm-sdk test timed out after 300 s"));
        assertFalse(parsed.passed());
    }

    @Test
    void aHugeTracebackIsCutWithAMarkerButKeepsItsExceptionLine() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of(
                "base_test", TestModules.passing("ROCmBaseTest", 1),
                "core_test", """
                        import unittest

                        class ROCmCoreTest(unittest.TestCase):
                            def testHugeOutput(self):
                                raise OSError("dlopen failed\\n" + "\\n".join(f"  searched /opt/lib{i}" for i in range(20000)))
                        """));
        PythonUnittestRun run = PythonUnittestRun.run(root, "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test");
        List<TestResult> sink = new ArrayList<>();
        parse(run, ParserSettings.defaults().withMaxDetailsChars(4096), sink);
        TestResult huge = byId(sink).get(CORE + "testHugeOutput");
        assertEquals(TestStatus.ERROR, huge.status());
        assertEquals("OSError: dlopen failed", huge.message());
        assertTrue(huge.details().length() < 4096 + 100, "length " + huge.details().length());
        assertTrue(huge.details().startsWith("Traceback (most recent call last):"));
        assertTrue(huge.details().matches("(?s).*\\[\\.\\.\\. \\d+ characters cut \\.\\.\\.].*"), "has a cut marker");
        assertTrue(huge.details().endsWith("searched /opt/lib19999"));
    }

    @Test
    void subTestsWithDocstringsAndAMethodFailingAfterItsSubTestsAreMerged() throws Exception {
        PythonUnittestRun.writeTestPackage(root, Map.of(
                "base_test", TestModules.passing("ROCmBaseTest", 1),
                "core_test", """
                        import unittest

                        class ROCmCoreTest(unittest.TestCase):
                            def testSubThenBody(self):
                                \"\"\"Each console script must answer --help.\"\"\"
                                with self.subTest(msg="Check console-script rocminfo"):
                                    self.fail("rocminfo needs a GPU")
                                raise ValueError("body broke")

                            def testOnlySkippedSubTest(self):
                                for i in range(2):
                                    with self.subTest(shortname=f"lib{i}"):
                                        if i == 1:
                                            self.skipTest("not on this arch")
                        """));
        PythonUnittestRun run = PythonUnittestRun.run(root, "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test");
        List<TestResult> sink = new ArrayList<>();
        ParsedRun parsed = parse(run, ParserSettings.defaults(), sink);
        TestResult merged = byId(sink).get(CORE + "testSubThenBody");
        assertEquals(TestStatus.ERROR, merged.status(), run.output());
        assertEquals("ValueError: body broke", merged.message());
        assertEquals(List.of("[Check console-script rocminfo]"),
                merged.subtests().stream().map(SubTestResult::description).toList());
        assertEquals("AssertionError: rocminfo needs a GPU", merged.subtests().get(0).message());
        TestResult skipped = byId(sink).get(CORE + "testOnlySkippedSubTest");
        assertEquals(TestStatus.SKIPPED, skipped.status());
        assertEquals("subTest skipped: not on this arch", skipped.message());
        assertEquals(3, parsed.ran());
        assertEquals(3, sink.size());
        assertEquals(List.of(), parsed.problems());
    }
}
