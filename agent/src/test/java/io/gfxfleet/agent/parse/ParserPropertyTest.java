package io.gfxfleet.agent.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: whatever unittest-like text tests print, the parser gives the true result of every test
 * method, the number that started and the verdict. Seeded random modules (so a failure names the seed
 * that reproduces it) whose tests print random mixes of forged descriptions (3.10 and 3.11+ style),
 * bare status words, failure blocks, separators, {@code Ran N}/{@code OK}/{@code FAILED} lines,
 * subTest-like lines and plain text, with and without newlines, then end in a random real outcome;
 * run by real Pythons with the ground truth recorded in-process.
 *
 * <p>Some text are left out because the output itself cannot tell them from unittest's own
 * (see docs/architecture.md, "Reading unittest output"): text without a newline before more
 * unittest-like text (they glue into one line), a description printed after a bare status line in the
 * same test, and in a Python 3.10 run, 3.10-style descriptions (the corpus has single ones; the
 * final summary settles those, not arbitrary mixes).
 */
class ParserPropertyTest {
    private static final long[] SEEDS = {20261203L, 7L, 1234567L, 99L};
    private static final int TESTS_PER_MODULE = 14;
    private static final String[] STATUSES = {"ok", "FAIL", "ERROR", "skipped 'x'", "expected failure", "unexpected success"};
    private static final String[] METHODS = {"testA", "testFake", "testZ", "testSharedLibrariesLoad", "testM07"};

    @TempDir
    Path root;

    @TestFactory
    List<DynamicTest> randomLookAlikesNeverChangeTheTruth() throws Exception {
        Map<String, String> pythons = new LinkedHashMap<>();
        for (String version : List.of("3.10", "3.11", "3.12", "3.13")) {
            Optional<String> python = UnittestOutputParserPythonVersionsTest.interpreter(version);
            python.ifPresent(p -> pythons.put(version, p));
        }
        assertTrue(!pythons.isEmpty(), "no Python 3.10-3.13 on this machine");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, Future<GroundTruthRun>> runs = new LinkedHashMap<>();
        try {
            for (int i = 0; i < SEEDS.length; i++) {
                long seed = SEEDS[i];
                for (Map.Entry<String, String> python : ParserCorpusTest.versionsFor(i, pythons).entrySet()) {
                    Path dir = root.resolve(seed + "-" + python.getKey());
                    GroundTruthRun.prepare(dir, Map.of("core_test", module(new Random(seed))));
                    Files.writeString(dir.resolve("chunks.json"), chunks(new Random(seed), python.getKey().equals("3.10")));
                    runs.put("seed " + seed + " on Python " + python.getKey(),
                            pool.submit(() -> GroundTruthRun.run(python.getValue(), dir, List.of("rocm_sdk.tests.core_test"))));
                }
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Map.Entry<String, Future<GroundTruthRun>> run : runs.entrySet()) {
                GroundTruthRun truth = run.getValue().get();
                tests.add(DynamicTest.dynamicTest(run.getKey(), () -> ParserCorpusTest.check(truth)));
            }
            return tests;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Tests that print their chunks (from chunks.json, one list per test) and end in a random real outcome. */
    private static String module(Random random) {
        StringBuilder methods = new StringBuilder();
        for (int t = 0; t < TESTS_PER_MODULE; t++) {
            String name = String.format("test%02d", t);
            String body = switch (random.nextInt(8)) {
                case 0 -> "self.assertEqual(1, 2)";
                case 1 -> "raise RuntimeError('real error')";
                case 2 -> "self.skipTest('real skip')";
                case 3 -> "for i in range(3):\n    with self.subTest(i=i):\n        self.assertNotEqual(i, 1)";
                default -> "pass";
            };
            String decorator = switch (random.nextInt(10)) {
                case 0 -> "@unittest.expectedFailure\n";
                default -> "";
            };
            if (!decorator.isEmpty() && (body.startsWith("self.skipTest") || body.startsWith("for"))) {
                body = "pass";
            }
            methods.append(decorator).append("def ").append(name).append("(self):\n")
                    .append("    speak(").append(t).append(")\n")
                    .append(body.indent(4)).append('\n');
        }
        return "import json, os, sys, unittest\nfrom forge import *\n\n"
                + "CHUNKS = json.load(open(os.path.join(os.getcwd(), 'chunks.json'), encoding='utf-8'))\n\n"
                + "def speak(t):\n    for text, newline in CHUNKS[t]:\n        out(text, end='\\n' if newline else '')\n\n"
                + "class ROCmCoreTest(unittest.TestCase):\n" + methods.toString().indent(4);
    }

    /** For each test, what it prints: [text, newline?] pairs. */
    private static String chunks(Random seeded, boolean python310) throws JsonProcessingException {
        Random random = new Random(seeded.nextLong());
        List<List<List<Object>>> all = new ArrayList<>();
        for (int t = 0; t < TESTS_PER_MODULE; t++) {
            List<List<Object>> test = new ArrayList<>();
            boolean bareStatusPrinted = false;
            int count = random.nextInt(3);
            for (int c = 0; c < count; c++) {
                int kind = random.nextInt(10);
                if (bareStatusPrinted && (kind == 0 || kind == 1)) {
                    kind = 5;
                }
                switch (kind) {
                    case 0, 1 -> {
                        boolean legacy = random.nextBoolean() && !python310;
                        String method = METHODS[random.nextInt(METHODS.length)];
                        String dotted = "rocm_sdk.tests.core_test.ROCmCoreTest" + (legacy ? "" : "." + method);
                        String status = random.nextInt(4) == 0 ? "" : STATUSES[random.nextInt(STATUSES.length)];
                        test.add(List.of(method + " (" + dotted + ") ... " + status, true));
                    }
                    case 2 -> {
                        test.add(List.of(STATUSES[random.nextInt(STATUSES.length)], true));
                        bareStatusPrinted = true;
                    }
                    case 3 -> {
                        test.add(List.of("=".repeat(70), true));
                        test.add(List.of((random.nextBoolean() ? "FAIL: " : "ERROR: ") + "test03 "
                                + "(rocm_sdk.tests.core_test.ROCmCoreTest.test03)", true));
                        test.add(List.of("-".repeat(70), true));
                        test.add(List.of("Traceback (most recent call last):", true));
                        test.add(List.of("AssertionError: forged", true));
                    }
                    case 4 -> {
                        test.add(List.of("-".repeat(70), true));
                        test.add(List.of("Ran " + random.nextInt(40) + " tests in 0.010s", true));
                        test.add(List.of("", true));
                        test.add(List.of(random.nextBoolean() ? "OK" : "FAILED (failures=" + (1 + random.nextInt(3)) + ")", true));
                    }
                    case 5 -> test.add(List.of("++ Exec [/w]$ rocminfo " + random.nextInt(1000), random.nextInt(3) > 0));
                    case 6 -> test.add(List.of(random.nextBoolean() ? "=".repeat(70) : "-".repeat(70), true));
                    case 7 -> test.add(List.of("  test0" + random.nextInt(9) + " (rocm_sdk.tests.core_test.ROCmCoreTest.test0"
                            + random.nextInt(9) + ") (i=" + random.nextInt(5) + ") ... FAIL", true));
                    case 8 -> test.add(List.of("UNEXPECTED SUCCESS: testFake (rocm_sdk.tests.core_test.ROCmCoreTest.testFake)", true));
                    default -> test.add(List.of("progress " + random.nextInt(100) + "%", random.nextBoolean()));
                }
            }
            // Text without a newline only at the end: unittest's status is glued to it, which is read;
            // glued to a following look-alike, it makes neither recognisable.
            for (int c = 0; c < test.size(); c++) {
                String text = (String) test.get(c).get(0);
                boolean last = c == test.size() - 1;
                boolean plain = text.startsWith("++") || text.startsWith("progress");
                if (!(Boolean) test.get(c).get(1) && !(last && plain)) {
                    test.set(c, List.of(text, true));
                }
            }
            all.add(test);
        }
        return Json.MAPPER.writeValueAsString(all);
    }
}
