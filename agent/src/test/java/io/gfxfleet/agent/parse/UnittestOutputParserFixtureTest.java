package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-written output: the Python 3.10 format, the THEROCK.md sample, and runs that went wrong. */
class UnittestOutputParserFixtureTest {

    private record Parsed(ParsedRun run, Map<String, TestResult> byId) {}

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = UnittestOutputParserFixtureTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static Parsed parse(List<String> lines, StreamEnd end, Set<String> expected) {
        List<TestResult> sink = new ArrayList<>();
        UnittestOutputParser parser = new UnittestOutputParser("libraries-devel",
                ParserSettings.defaults().withExpectedComponents(expected), sink::add);
        lines.forEach(parser::accept);
        ParsedRun run = parser.finish(end);
        assertEquals(sink.size(), run.counts().byStatus().values().stream().mapToLong(Long::longValue).sum());
        return new Parsed(run, sink.stream().collect(Collectors.toMap(TestResult::testId, Function.identity())));
    }

    @Test
    void python310FormatWithGluedDescriptionsAndSubTestsOnlyInTheSummary() throws IOException {
        Parsed p = parse(resource("python310.log"), StreamEnd.exited(1), Set.of("libraries", "devel"));
        Map<String, TestResult> r = p.byId();
        String core = "rocm_sdk.tests.core_test.ROCmCoreTest.";

        assertEquals(9, r.size(), r.keySet().toString());
        assertEquals(TestStatus.PASSED, r.get("rocm_sdk.tests.base_test.ROCmBaseTest.testCLI").status());
        assertEquals("rocm_sdk.tests.base_test.ROCmBaseTest", r.get("rocm_sdk.tests.base_test.ROCmBaseTest.testCLI").className());
        assertEquals(TestStatus.PASSED, r.get("rocm_sdk.tests.base_test.ROCmBaseTest.testVersion").status());
        assertEquals(TestStatus.PASSED, r.get(core + "testInstallationLayout").status());
        assertEquals(TestStatus.SKIPPED, r.get(core + "testSkipped").status());
        assertEquals("no GPU on this runner", r.get(core + "testSkipped").message());

        TestResult scripts = r.get(core + "testConsoleScripts");
        assertEquals(TestStatus.FAILED, scripts.status());
        assertEquals(List.of(
                new TestResult.SubTestResult("[Check console-script amd-smi]", TestStatus.FAILED, "AssertionError: 1 != 0",
                        scripts.subtests().get(0).details()),
                new TestResult.SubTestResult("[Check console-script rocminfo]", TestStatus.FAILED, "AssertionError: 2 != 0",
                        scripts.subtests().get(1).details())), scripts.subtests());
        assertEquals("2 failing subTests; first: AssertionError: 1 != 0", scripts.message());

        TestResult shared = r.get(core + "testSharedLibrariesLoad");
        assertEquals(TestStatus.ERROR, shared.status());
        assertEquals("[Check shared library loads] (so_path=PosixPath('/w/.venv/lib/python3.10/site-packages/"
                + "_rocm_sdk_core/lib/libhipfort.so'))", shared.subtests().get(0).description());
        assertTrue(shared.subtests().get(0).message().startsWith("subprocess.CalledProcessError: Command"));

        TestResult libraries = r.get("rocm_sdk.tests.libraries_test.ROCmLibrariesTest.testLibrariesLoad");
        assertEquals(TestStatus.FAILED, libraries.status());
        assertEquals("libraries", libraries.component());
        assertEquals("AssertionError: False is not true", libraries.message());

        TestResult setUpClass = r.get("rocm_sdk.tests.devel_test.ROCmDevelTest.setUpClass");
        assertEquals(TestStatus.ERROR, setUpClass.status());
        assertEquals("devel", setUpClass.component());
        assertEquals("RuntimeError: devel tree could not be expanded", setUpClass.message());
        assertNull(setUpClass.durationMillis());

        TestResult extras = r.get("unittest.loader._FailedTest.extras_test");
        assertEquals(TestStatus.ERROR, extras.status());
        assertEquals("extras", extras.component());
        assertEquals("ModuleNotFoundError: No module named 'rocm_sdk.tests.extras_test'", extras.message());

        ParsedRun run = p.run();
        assertEquals(8, run.ran());
        assertEquals(new RunTotals(false, false, 3, 3, 1, 0, 0), run.totals());
        assertTrue(run.notes().profilerSkipped());
        assertFalse(run.notes().librariesSkipped());
        assertEquals(List.of("expected component 'devel' produced no test"), run.problems(),
                "a failing setUpClass ran no devel test method");
        assertEquals(3, run.failingSubtests());
        assertFalse(run.passed());
    }

    @Test
    void theRockSample() throws IOException {
        Parsed p = parse(resource("therock-sample.log"), StreamEnd.exited(1), Set.of());
        Map<String, TestResult> r = p.byId();
        assertEquals(3, r.size());
        assertEquals(TestStatus.PASSED, r.get("rocm_sdk.tests.base_test.ROCmBaseTest.testCLI").status());
        assertEquals(TestStatus.PASSED, r.get("rocm_sdk.tests.core_test.ROCmCoreTest.testInstallationLayout").status());
        TestResult shared = r.get("rocm_sdk.tests.core_test.ROCmCoreTest.testSharedLibrariesLoad");
        assertEquals(TestStatus.ERROR, shared.status());
        assertEquals("core", shared.component());
        assertEquals(1, shared.subtests().size());
        TestResult.SubTestResult sub = shared.subtests().get(0);
        assertEquals("[Check shared library loads] (so_path=PosixPath('/w/.venv/lib/python3.12/site-packages/"
                + "_rocm_sdk_core/lib/librocprofiler-sdk-roctx.so.1'))", sub.description());
        assertEquals(TestStatus.ERROR, sub.status());
        assertEquals("subprocess.CalledProcessError: Command '[...]' returned non-zero exit status 1.", sub.message());
        assertEquals("Traceback (most recent call last):\n  ...\n"
                + "subprocess.CalledProcessError: Command '[...]' returned non-zero exit status 1.", sub.details());
        assertEquals("1 failing subTest: " + sub.message(), shared.message());

        ParsedRun run = p.run();
        assertEquals(27, run.ran());
        assertEquals(new RunTotals(false, false, 0, 1, 0, 0, 0), run.totals());
        assertEquals(List.of(), run.problems());
        assertEquals(List.of("parsed 3 test methods but unittest reported Ran 27: the final summary counts"),
                run.disagreements(), "the sample is an excerpt");
    }

    @Test
    void ranZeroTestsIsNotAGreen() {
        Parsed p = parse(List.of("", "-".repeat(70), "Ran 0 tests in 0.000s", "", "OK"), StreamEnd.exited(0), Set.of());
        assertEquals(List.of("Ran 0 tests"), p.run().problems());
        assertTrue(p.run().totals().ok());
        assertFalse(p.run().passed());

        Parsed py312 = parse(List.of("", "-".repeat(70), "Ran 0 tests in 0.000s", "", "NO TESTS RAN"),
                StreamEnd.exited(0), Set.of());
        assertTrue(py312.run().totals().noTestsRan());
        assertFalse(py312.run().passed());
    }

    @Test
    void aTracebackBeforeAnyTestHasNoRanLine() {
        List<String> lines = List.of(
                "Traceback (most recent call last):",
                "  File \"/w/.venv/bin/rocm-sdk\", line 8, in <module>",
                "    sys.exit(main())",
                "ValueError: Could not determine target family for offload-arch output 'gfx000'");
        Parsed p = parse(lines, StreamEnd.exited(1), Set.of());
        assertTrue(p.byId().isEmpty());
        assertEquals(List.of("rocm-sdk test exited with code 1 although no test failed",
                "no 'Ran N tests' line: the test run did not complete"), p.run().problems());
        assertFalse(p.run().passed());
    }

    @Test
    void aGreenRunWithWindowsLineEndingsPasses() {
        List<String> lines = List.of(
                "testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok\r",
                "testPath (rocm_sdk.tests.base_test.ROCmBaseTest.testPath) ... skipped 'posix only'\r",
                "\r", "-".repeat(70) + "\r", "Ran 2 tests in 0.010s\r", "\r", "OK (skipped=1)\r");
        Parsed p = parse(lines, StreamEnd.exited(0), Set.of());
        assertEquals(TestStatus.PASSED, p.byId().get("rocm_sdk.tests.base_test.ROCmBaseTest.testCLI").status());
        assertEquals("posix only", p.byId().get("rocm_sdk.tests.base_test.ROCmBaseTest.testPath").message());
        assertEquals(new RunTotals(true, false, 0, 0, 1, 0, 0), p.run().totals());
        assertEquals(List.of(), p.run().problems());
        assertTrue(p.run().passed());
    }

    @Test
    void separatorLinesInTestOutputDoNotStartTheSummary() {
        List<String> lines = List.of(
                "testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... " + "=".repeat(70),
                "=".repeat(70),
                "hipcc report",
                "-".repeat(70),
                "ok",
                "testFail (rocm_sdk.tests.base_test.ROCmBaseTest.testFail) ... FAIL",
                "",
                "=".repeat(70),
                "FAIL: testFail (rocm_sdk.tests.base_test.ROCmBaseTest.testFail)",
                "-".repeat(70),
                "Traceback (most recent call last):",
                "  File \"base_test.py\", line 3, in testFail",
                "    self.fail(out)",
                "AssertionError: captured:",
                "=".repeat(70),
                "tool banner",
                "-".repeat(70),
                "end of captured output",
                "",
                "-".repeat(70),
                "Ran 2 tests in 0.010s",
                "",
                "FAILED (failures=1)");
        Parsed p = parse(lines, StreamEnd.exited(1), Set.of());
        assertEquals(TestStatus.PASSED, p.byId().get("rocm_sdk.tests.base_test.ROCmBaseTest.testCLI").status());
        TestResult failed = p.byId().get("rocm_sdk.tests.base_test.ROCmBaseTest.testFail");
        assertEquals("AssertionError: captured:", failed.message());
        assertTrue(failed.details().endsWith("AssertionError: captured:\n" + "=".repeat(70) + "\ntool banner\n"
                + "-".repeat(70) + "\nend of captured output"), failed.details());
        assertEquals(List.of(), p.run().problems());
    }

    @Test
    void aFailingTestWhoseSummaryNeverCameIsStillReported() {
        List<String> lines = List.of(
                "testFail (rocm_sdk.tests.core_test.ROCmCoreTest.testFail) ... FAIL",
                "testNext (rocm_sdk.tests.core_test.ROCmCoreTest.testNext) ... ok",
                "testHang (rocm_sdk.tests.core_test.ROCmCoreTest.testHang) ... ");
        List<TestResult> sink = new ArrayList<>();
        UnittestOutputParser parser = new UnittestOutputParser("core", sink::add);
        lines.forEach(parser::accept);
        assertEquals(List.of("rocm_sdk.tests.core_test.ROCmCoreTest.testNext"),
                sink.stream().map(TestResult::testId).toList(), "only the passing one so far");
        ParsedRun run = parser.finish(StreamEnd.signalled(9));
        Map<String, TestResult> r = sink.stream()
                .collect(Collectors.toMap(TestResult::method, Function.identity()));
        assertEquals(TestStatus.FAILED, r.get("testFail").status());
        assertEquals("no traceback: rocm-sdk test was killed by signal 9 (SIGKILL) before its summary",
                r.get("testFail").message());
        assertEquals(TestStatus.CRASHED, r.get("testHang").status());
        assertEquals(List.of("rocm-sdk test was killed by signal 9 (SIGKILL)",
                "no 'Ran N tests' line: the test run did not complete"), run.problems());
    }

    @Test
    void onlyTheLastSummaryCountsWhenTestsFollowAnEarlierOne() {
        List<String> round = List.of("", "-".repeat(70), "Ran 1 test in 0.001s", "", "OK");
        List<String> lines = new ArrayList<>();
        lines.add("testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok");
        lines.addAll(round);
        lines.add("testLoad (rocm_sdk.tests.core_test.ROCmCoreTest.testLoad) ... ok");
        lines.addAll(round);
        Parsed p = parse(lines, StreamEnd.exited(0), Set.of("core"));
        assertEquals(1, p.run().ran(), "a summary followed by tests was printed by a test");
        assertEquals(2, p.byId().size());
        assertTrue(p.run().passed(), p.run().problems().toString());
        assertTrue(p.run().disagreements().contains("parsed 2 test methods but unittest reported Ran 1: the final"
                + " summary counts"), p.run().disagreements().toString());
    }

    @Test
    void theParserRejectsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> new UnittestOutputParser(" ", r -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> ParserSettings.defaults().withExpectedComponents(Set.of("Libraries!")));
        UnittestOutputParser parser = new UnittestOutputParser("core", r -> { });
        parser.finish(StreamEnd.exited(0));
        assertThrows(IllegalStateException.class, () -> parser.accept("ok"));
        assertThrows(IllegalStateException.class, () -> parser.finish(StreamEnd.exited(0)));
    }

    @Test
    void exitValuesAbove128AreSignals() {
        assertEquals(new StreamEnd.Signalled(11), StreamEnd.fromExitValue(139));
        assertEquals(new StreamEnd.Exited(1), StreamEnd.fromExitValue(1));
        assertEquals(new StreamEnd.Exited(0), StreamEnd.fromExitValue(0));
    }
}
