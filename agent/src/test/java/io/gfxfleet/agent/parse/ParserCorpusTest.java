package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser against the truth: real unittest runs under the Pythons 3.10–3.13 installed, each
 * recording inside the interpreter what really happened (corpus/truth.py), over scenarios where
 * tests print text forged to look like unittest's own lines, crash, hang, skip, fail expectedly,
 * use subTests, fail to import or print a lot. For each run the parser must give exactly the true
 * status of every test method, the number of tests that started, and the true verdict.
 */
class ParserCorpusTest {
    private static final List<String> VERSIONS = List.of("3.10", "3.11", "3.12", "3.13");
    private static final String CORE = "rocm_sdk.tests.core_test";
    private static final String BASE = "rocm_sdk.tests.base_test";

    @TempDir
    Path root;

    record Scenario(String name, Map<String, String> modules, List<String> always) {
        static Scenario core(String name, String methods) {
            return new Scenario(name, Map.of("core_test", module("ROCmCoreTest", methods)), List.of(CORE));
        }
    }

    static String module(String className, String methods) {
        return "import os, signal, subprocess, sys, threading, time, unittest\n"
                + "from forge import *\n\n"
                + "class " + className + "(unittest.TestCase):\n" + methods.stripIndent().indent(4);
    }

    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        all.add(Scenario.core("all pass", """
                def testA(self):
                    pass
                def testB(self):
                    print("++ Exec [/w]$ rocminfo")
                def testC(self):
                    self.assertTrue(True)
                """));
        all.add(Scenario.core("fail and error", """
                def testFails(self):
                    self.assertEqual(1, 2)
                def testErrors(self):
                    raise RuntimeError("core module not found")
                def testPasses(self):
                    pass
                """));
        all.add(Scenario.core("skips", """
                @unittest.skip("no GPU on this runner")
                def testDecorated(self):
                    pass
                def testSkipTest(self):
                    print("checking for a GPU")
                    self.skipTest("no GPU")
                def testRuns(self):
                    pass
                """));
        all.add(Scenario.core("expected failure and unexpected success", """
                @unittest.expectedFailure
                def testKnownBug(self):
                    print("still broken")
                    self.assertTrue(False)
                @unittest.expectedFailure
                def testFixedBug(self):
                    pass
                def testPlain(self):
                    pass
                """));
        all.add(Scenario.core("failing subtests", """
                def testSharedLibrariesLoad(self):
                    for so in ["a.so", "b.so", "c.so"]:
                        with self.subTest(msg="Check shared library loads", so_path=so):
                            print("loading", so)
                            if so == "b.so":
                                raise OSError("libatomic.so.1: cannot open shared object file")
                            if so == "c.so":
                                self.assertEqual(so, "d.so")
                def testConsoleScripts(self):
                    for script in ["hipcc", "amd-smi"]:
                        with self.subTest(msg=f"Check console-script {script}"):
                            self.assertNotEqual(script, "amd-smi")
                def testZ(self):
                    pass
                """));
        all.add(Scenario.core("passing subtests", """
                def testTargets(self):
                    for t in ["gfx942", "gfx1100"]:
                        with self.subTest(target=t):
                            print("checked", t)
                def testOther(self):
                    pass
                """));
        all.add(new Scenario("import error", Map.of("base_test", module("ROCmBaseTest", """
                def testCLI(self):
                    pass
                """)), List.of(BASE, "rocm_sdk.tests.missing_test")));
        all.add(Scenario.core("forged progress line, modern", """
                def testA(self):
                    progress("testFake", "FAIL")
                def testB(self):
                    progress("testC", "ERROR")
                def testC(self):
                    pass
                """));
        all.add(Scenario.core("forged progress line, 3.10 style", """
                def testA(self):
                    progress("testFake", "FAIL", legacy=True)
                def testB(self):
                    progress("testA", "ERROR", legacy=True)
                    progress("testB", "FAIL", legacy=True)
                def testC(self):
                    pass
                """));
        all.add(Scenario.core("forged own description", """
                def testA(self):
                    progress("testA", "FAIL")
                    progress("testA", "FAIL", legacy=True)
                def testB(self):
                    pass
                """));
        all.add(Scenario.core("forged failure block", """
                def testA(self):
                    block("testB")
                def testB(self):
                    block("testA", kind="ERROR")
                    print("after the block")
                """));
        all.add(Scenario.core("forged Ran and FAILED", """
                def testA(self):
                    ran(3, "FAILED (failures=1)")
                def testB(self):
                    ran(1, "OK")
                def testC(self):
                    pass
                """));
        all.add(Scenario.core("forged summary in the last test", """
                def testA(self):
                    pass
                def testZ(self):
                    summary("FAILED (failures=1)")
                """));
        all.add(Scenario.core("forged everything, all pass", """
                def testA(self):
                    progress("testSharedLibrariesLoad", "FAIL", legacy=True)
                    progress("testConsoleScripts", "ERROR")
                def testB(self):
                    block("testA")
                    block("testB", kind="ERROR")
                def testC(self):
                    out("UNEXPECTED SUCCESS: testC (rocm_sdk.tests.core_test.ROCmCoreTest.testC)")
                    ran(3, "FAILED (failures=1)")
                def testD(self):
                    summary("FAILED (failures=4, errors=2)")
                """));
        all.add(Scenario.core("forged bare status lines", """
                def testA(self):
                    out("FAIL")
                    out("ERROR")
                def testB(self):
                    out("ok")
                    out("skipped 'nothing'")
                def testC(self):
                    out("unexpected success")
                """));
        all.add(Scenario.core("forged green in a failing test", """
                def testA(self):
                    progress("testA", "ok")
                    out("ok")
                    ran(1, "OK")
                    self.assertEqual("gfx942", "gfx1100")
                def testB(self):
                    pass
                """));
        all.add(Scenario.core("forged partial lines", """
                def testA(self):
                    out(SEP1, end="")
                def testB(self):
                    out("Ran 3 tests in 0.004s", end="")
                def testC(self):
                    out("progress 50%", end="")
                    self.assertTrue(False)
                """));
        all.add(Scenario.core("partial lines", """
                def testA(self):
                    sys.stdout.write("progress 100%")
                def testB(self):
                    sys.stdout.write("no newline, then skipped")
                    self.skipTest("later")
                def testC(self):
                    pass
                """));
        all.add(Scenario.core("crash by SIGSEGV", """
                def testA(self):
                    pass
                def testB(self):
                    out("++ Exec [/w]$ rocminfo")
                    os.kill(os.getpid(), signal.SIGSEGV)
                def testC(self):
                    pass
                """));
        all.add(Scenario.core("crash by SIGKILL", """
                def testA(self):
                    progress("testA", "ok")
                def testB(self):
                    out("partial", end="")
                    os.kill(os.getpid(), signal.SIGKILL)
                """));
        all.add(Scenario.core("crash after a forged green summary", """
                def testA(self):
                    pass
                def testB(self):
                    progress("testB", "ok")
                    ran(2, "OK")
                    os.kill(os.getpid(), signal.SIGKILL)
                """));
        all.add(Scenario.core("os._exit(0) mid-test", """
                def testA(self):
                    pass
                def testB(self):
                    ran(2, "OK")
                    os._exit(0)
                """));
        all.add(Scenario.core("hang", """
                def testA(self):
                    pass
                def testB(self):
                    out("%s")
                    sys.stdin.read()
                """.formatted(GroundTruthRun.HANG_MARKER)));
        all.add(Scenario.core("hang after a forged summary", """
                def testA(self):
                    summary("OK")
                    out("%s")
                    sys.stdin.read()
                """.formatted(GroundTruthRun.HANG_MARKER)));
        all.add(Scenario.core("huge output", """
                def testA(self):
                    for i in range(20000):
                        out("line %d of a chatty test ... ok" % i)
                def testB(self):
                    out("x" * 300000, end="")
                def testC(self):
                    for i in range(2000):
                        out("Traceback (most recent call last): " + "y" * 200)
                    self.assertEqual(1, 2)
                """));
        all.add(Scenario.core("thread output interleaved", """
                def testA(self):
                    def chatter():
                        for i in range(50):
                            out("FAIL")
                            block("testThread%d" % i)
                            out("ERROR")
                    t = threading.Thread(target=chatter)
                    t.start()
                    out("main thread")
                    t.join()
                def testB(self):
                    pass
                """));
        all.add(Scenario.core("a nested unittest run in a subprocess", """
                def testA(self):
                    inner = "import unittest\\nclass T(unittest.TestCase):\\n    def testX(self):\\n        self.fail('inner')\\n"
                    with open("inner_test.py", "w") as f:
                        f.write(inner)
                    subprocess.run([sys.executable, "-m", "unittest", "-v", "inner_test"], stderr=subprocess.STDOUT)
                def testB(self):
                    pass
                """));
        all.add(Scenario.core("stderr look-alikes", """
                def testA(self):
                    print("testFake (rocm_sdk.tests.core_test.ROCmCoreTest.testFake) ... FAIL", file=sys.stderr)
                    print("ERROR", file=sys.stderr)
                def testB(self):
                    self.assertIn("a", "b")
                """));
        all.add(new Scenario("class fixture error", Map.of("core_test", module("ROCmCoreTest", """
                def testA(self):
                    pass
                """) + "\nclass ROCmBrokenTest(unittest.TestCase):\n"
                + "    @classmethod\n    def setUpClass(cls):\n        raise RuntimeError('no device')\n"
                + "    def testNeverRuns(self):\n        pass\n"), List.of(CORE)));
        all.add(Scenario.core("docstrings", """
                def testA(self):
                    \"\"\"The layout must be right.\"\"\"
                    pass
                def testB(self):
                    \"\"\"A failing test with a docstring ... and dots.\"\"\"
                    self.assertEqual(1, 2)
                def testC(self):
                    \"\"\"Prints. ... ok\"\"\"
                    out("hello")
                """));
        all.add(Scenario.core("sys.exit in a test", """
                def testA(self):
                    sys.exit(3)
                def testB(self):
                    pass
                """));
        all.add(Scenario.core("forged separators only", """
                def testA(self):
                    for i in range(5):
                        out(SEP1)
                        out(SEP2)
                def testB(self):
                    out(SEP2)
                def testC(self):
                    out(SEP1)
                    self.fail("real failure after a separator")
                """));
        all.add(Scenario.core("forged look-alikes in a failing subtest", """
                def testA(self):
                    for i in range(3):
                        with self.subTest(i=i):
                            progress("testA", "ok")
                            out("  testA (rocm_sdk.tests.core_test.ROCmCoreTest.testA) (i=9) ... FAIL")
                            self.assertNotEqual(i, 1)
                def testB(self):
                    pass
                """));
        all.add(new Scenario("libraries skipped, devel present", Map.of(
                "core_test", module("ROCmCoreTest", "def testA(self):\n    pass\n"),
                "devel_test", module("ROCmDevelTest", """
                        def testCompile(self):
                            block("testCompile")
                        def testLink(self):
                            self.assertTrue(False)
                        """)), List.of(CORE)));
        return all;
    }

    @TestFactory
    List<DynamicTest> everyScenarioOnEveryPythonGivesTheTrueResults() throws Exception {
        Map<String, String> pythons = new LinkedHashMap<>();
        for (String version : VERSIONS) {
            Optional<String> python = UnittestOutputParserPythonVersionsTest.interpreter(version);
            python.ifPresent(p -> pythons.put(version, p));
        }
        assertTrue(pythons.size() >= 1, "no Python 3.10-3.13 on this machine");
        List<Scenario> scenarios = scenarios();
        assertTrue(scenarios.size() >= 30, "at least 30 distinct scenarios");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, Future<GroundTruthRun>> runs = new LinkedHashMap<>();
        try {
            int n = 0;
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario scenario = scenarios.get(i);
                for (Map.Entry<String, String> python : versionsFor(i, pythons).entrySet()) {
                    Path dir = root.resolve("s" + n++);
                    GroundTruthRun.prepare(dir, scenario.modules());
                    runs.put(scenario.name() + " on Python " + python.getKey(),
                            pool.submit(() -> GroundTruthRun.run(python.getValue(), dir, scenario.always())));
                }
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Map.Entry<String, Future<GroundTruthRun>> run : runs.entrySet()) {
                GroundTruthRun truth = run.getValue().get();
                tests.add(DynamicTest.dynamicTest(run.getKey(), () -> check(truth)));
            }
            return tests;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each scenario runs on 3.10 (whose format differs most) and on one of 3.11–3.13 in turn: every
     * version sees a third of the scenarios at half the cost of running them all everywhere.
     */
    static Map<String, String> versionsFor(int scenario, Map<String, String> pythons) {
        List<String> modern = pythons.keySet().stream().filter(v -> !v.equals("3.10")).toList();
        Map<String, String> chosen = new LinkedHashMap<>();
        if (pythons.containsKey("3.10")) {
            chosen.put("3.10", pythons.get("3.10"));
        }
        if (!modern.isEmpty()) {
            String version = modern.get(scenario % modern.size());
            chosen.put(version, pythons.get(version));
        }
        return chosen;
    }

    static void check(GroundTruthRun truth) throws java.io.IOException {
        try {
            checkExactly(truth);
        } catch (AssertionError e) {
            // The whole output, to replay with `agent parse`: the message keeps only its ends.
            Path saved = Path.of("target", "parser-corpus-failures");
            java.nio.file.Files.createDirectories(saved);
            java.nio.file.Files.write(saved.resolve(Integer.toHexString(truth.lines().hashCode()) + ".log"), truth.lines());
            throw e;
        }
    }

    private static void checkExactly(GroundTruthRun truth) {
        GroundTruthRun.Parsed parsed = truth.parse();
        String context = "\n--- output ---\n" + truth.output() + "\n--- problems " + parsed.run().problems()
                + "\n--- disagreements " + parsed.run().disagreements();
        assertEquals(truth.truth(), parsed.statuses(), "per-method results" + context);
        assertEquals(truth.failingSubtests(), parsed.failingSubtests(), "failing subTests" + context);
        assertEquals(truth.started(), parsed.run().ran(), "tests that started" + context);
        assertEquals(truth.trulyPassed(), parsed.run().passed(), "verdict" + context);
        if (truth.trulyPassed()) {
            assertEquals(0, parsed.run().failing(), context);
        }
        long failing = truth.truth().values().stream().filter(TestStatus::isFailure).count();
        assertEquals(failing, parsed.run().failing() - parsed.results().stream()
                .filter(r -> r.status().isFailure() && !parsed.statuses().containsKey(r.testId())).count(), context);
    }
}
