package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineRecognisersTest {

    @Test
    void testNamesInBothPythonFormatsAndFixtures() {
        UnitTestName modern = UnitTestName.of("testCLI", "rocm_sdk.tests.base_test.ROCmBaseTest.testCLI");
        assertEquals(new UnitTestName("testCLI", "rocm_sdk.tests.base_test.ROCmBaseTest",
                "rocm_sdk.tests.base_test.ROCmBaseTest.testCLI", "base", false, false), modern);
        UnitTestName legacy = UnitTestName.of("testCLI", "rocm_sdk.tests.base_test.ROCmBaseTest");
        assertEquals(modern.testId(), legacy.testId());
        assertTrue(legacy.legacyFormat());
        assertEquals(new UnitTestName("setUpModule", "rocm_sdk.tests.devel_test",
                "rocm_sdk.tests.devel_test.setUpModule", "devel", true, false),
                UnitTestName.of("setUpModule", "rocm_sdk.tests.devel_test"));
        assertEquals("libraries", UnitTestName.of("libraries_test", "unittest.loader._FailedTest.libraries_test").component());
        assertEquals("profiler", UnitTestName.of("setUpClass", "rocm_sdk.tests.profiler_test.ROCmProfilerTest").component());
    }

    @Test
    void progressLines() {
        ProgressLine withStatus = ProgressLine.parse("testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok").orElseThrow();
        assertEquals("ok", withStatus.afterDots());
        assertEquals("", ProgressLine.parse("testA (m.C.testA) ... ").orElseThrow().afterDots());
        assertEquals("", ProgressLine.parse("testA (m.C.testA) ...").orElseThrow().afterDots(), "trailing blank trimmed");
        assertNull(ProgressLine.parse("testA (m.C.testA)").orElseThrow().afterDots(), "a docstring line follows");
        assertEquals("testB (m.C) ... ok", ProgressLine.parse("testA (m.C) ... testB (m.C) ... ok").orElseThrow().afterDots());
        assertTrue(ProgressLine.parse("++ Exec [/w]$ hipcc --version").isEmpty());
        assertTrue(ProgressLine.parse("  testA (m.C.testA) (i=1) ... FAIL").isEmpty());
        assertEquals(Optional.of("ok"), ProgressLine.afterDocstring("Check things... and more ... ok"));
        assertEquals(Optional.of("output"), ProgressLine.afterDocstring("Doc line. ... output"));
        assertEquals(Optional.empty(), ProgressLine.afterDocstring("just output"));
    }

    @Test
    void subTestLines() {
        SubTestLine line = SubTestLine.parse("  testSharedLibrariesLoad (m.C.testSharedLibrariesLoad) "
                + "[Check shared library loads] (so_path=PosixPath('/a ... b/lib.so')) ... ERROR").orElseThrow();
        assertEquals("[Check shared library loads] (so_path=PosixPath('/a ... b/lib.so'))", line.description());
        assertEquals("ERROR", line.afterDots());
        assertNull(SubTestLine.parse("  testA (m.C.testA) [msg]").orElseThrow().afterDots());
        assertEquals("(<subtest>)", SubTestLine.parse("  testA (m.C.testA) (<subtest>) ... FAIL").orElseThrow().description());
        assertTrue(SubTestLine.parse("  File \"x.py\", line 3, in testA").isEmpty());
    }

    @Test
    void statusWords() {
        assertEquals(new StatusWord(TestStatus.PASSED, null), StatusWord.parse("ok").orElseThrow());
        assertEquals(new StatusWord(TestStatus.SKIPPED, "can't run"), StatusWord.parse("skipped \"can't run\"").orElseThrow());
        assertEquals(new StatusWord(TestStatus.SKIPPED, "it's off"), StatusWord.parse("skipped 'it\\'s off'").orElseThrow());
        assertEquals(TestStatus.UNEXPECTED_SUCCESS, StatusWord.parse("unexpected success").orElseThrow().status());
        assertTrue(StatusWord.parse("okay").isEmpty());
        assertEquals(TestStatus.PASSED, StatusWord.parseSuffix("progress 100%ok").orElseThrow().status());
        assertTrue(StatusWord.parseSuffix("progress 100%").isEmpty());
    }

    @Test
    void summaryHeadersAndTotals() {
        SummaryHeader h = SummaryHeader.parse("FAIL: testA (m.C.testA) [msg] (k=1)").orElseThrow();
        assertEquals(SummaryHeader.Kind.FAIL, h.kind());
        assertEquals("[msg] (k=1)", h.subTestDescription());
        assertNull(SummaryHeader.parse("ERROR: testA (m.C.testA)").orElseThrow().subTestDescription());
        assertEquals(SummaryHeader.Kind.UNEXPECTED_SUCCESS,
                SummaryHeader.parse("UNEXPECTED SUCCESS: testA (m.C.testA)").orElseThrow().kind());
        assertEquals(new RunTotals(false, false, 1, 2, 3, 4, 5), RunTotals.parse(
                "FAILED (failures=1, errors=2, skipped=3, expected failures=4, unexpected successes=5)").orElseThrow());
        assertEquals(new RunTotals(true, false, 0, 0, 1, 0, 0), RunTotals.parse("OK (skipped=1)").orElseThrow());
        assertTrue(RunTotals.parse("OK then").isEmpty());
        assertEquals(27, RunnerLine.ranCount("Ran 27 tests in 38.500s").getAsInt());
        assertEquals(1, RunnerLine.ranCount("Ran 1 test in 0.000s").getAsInt());
    }

    @Test
    void boundedTextKeepsHeadAndTail() {
        BoundedText text = new BoundedText(100);
        for (int i = 0; i < 100; i++) {
            text.appendLine("line " + i);
        }
        String kept = text.text();
        assertTrue(kept.startsWith("line 0\nline 1\n"), kept);
        assertTrue(kept.endsWith("line 99"), kept);
        assertTrue(kept.contains(" characters cut ...]"), kept);
        BoundedText small = new BoundedText(100);
        small.appendLine("a");
        small.appendLine("b");
        assertEquals("a\nb", small.text());
    }
}
