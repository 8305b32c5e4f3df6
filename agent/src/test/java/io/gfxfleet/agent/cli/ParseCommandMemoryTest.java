package io.gfxfleet.agent.cli;

import io.gfxfleet.protocol.cli.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code agent parse} keeps memory bounded (issue 15, item 10: a 200 MB log took 3.5 GB and died):
 * a generated ~200 MB log of 41,000 tests, chatty output, 1,000 failures with long tracebacks and a
 * 16 MB line without a newline is parsed by a child JVM with a 64 MiB heap, which must finish with
 * the exact counts. The log is written on the fly and removed with the temporary folder.
 */
class ParseCommandMemoryTest {
    private static final int PASSING = 40_000;
    private static final int FAILING = 1_000;
    private static final String CLASS = "rocm_sdk.tests.core_test.ROCmCoreTest";

    @TempDir
    Path dir;

    @Test
    void aTwoHundredMegabyteLogParsesInA64MiBHeap() throws Exception {
        Path log = dir.resolve("huge.log");
        long bytes = writeLog(log);
        assertTrue(bytes > 190_000_000L, "the log is ~200 MB: " + bytes);

        Path out = dir.resolve("report.json");
        Path err = dir.resolve("stderr.txt");
        Process parse = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.gfxfleet.agent.cli.AgentCli", "parse", log.toString(), "--exit-code", "1"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = parse.waitFor();

        assertEquals(ExitCode.TEST_FAILURES.code(), exit, "tests failed, the parse did not crash: " + Files.readString(err));
        String printed = Files.readString(out);
        // The test classpath's logging configuration may log to stdout; the report is what follows.
        JsonNode report = Json.MAPPER.readTree(printed.substring(printed.indexOf("{\n")));
        JsonNode summary = report.get("summary");
        assertEquals(PASSING + FAILING, summary.get("ran").asInt());
        assertEquals(PASSING, summary.get("passed").asInt());
        assertEquals(FAILING, summary.get("failed").asInt());
        assertEquals(PASSING + FAILING, report.get("tests").size());
        assertEquals("failed", report.get("verdict").asText());
        assertEquals(0, report.get("problems").size(), report.get("problems").toString());
        JsonNode firstFailure = null;
        for (JsonNode test : report.get("tests")) {
            if (test.get("status").asText().equals("failed")) {
                firstFailure = test;
                break;
            }
        }
        assertEquals("AssertionError: 0 != 1", firstFailure.get("message").asText());
    }

    /** Tests that print ~4.5 KB each, every 41st fails; the summary blocks carry 10 KB tracebacks. */
    private static long writeLog(Path log) throws IOException {
        String chatter = ("++ Exec [/w]$ /w/.venv/bin/python -c 'import ctypes' " + "x".repeat(120) + "\n").repeat(25);
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            int failing = 0;
            for (int i = 0; i < PASSING + FAILING; i++) {
                String method = String.format("test%06d", i);
                w.write(method + " (" + CLASS + "." + method + ") ... ");
                w.write(chatter);
                if (i == 7) {
                    w.write("y".repeat(16 * 1024 * 1024)); // a test printing megabytes without a newline
                }
                boolean fails = i % 41 == 40;
                w.write(fails ? "FAIL\n" : "ok\n");
                failing += fails ? 1 : 0;
            }
            assertEquals(FAILING, failing);
            for (int i = 0; i < PASSING + FAILING; i++) {
                if (i % 41 != 40) {
                    continue;
                }
                String method = String.format("test%06d", i);
                w.write("=".repeat(70) + "\nFAIL: " + method + " (" + CLASS + "." + method + ")\n" + "-".repeat(70) + "\n");
                w.write("Traceback (most recent call last):\n");
                w.write(("  File \"/w/rocm_sdk/tests/core_test.py\", line 12, in " + method + "\n    frame " + "z".repeat(150) + "\n").repeat(50));
                w.write("AssertionError: 0 != 1\n\n");
            }
            w.write("-".repeat(70) + "\nRan " + (PASSING + FAILING) + " tests in 812.500s\n\nFAILED (failures=" + FAILING + ")\n");
        }
        return Files.size(log);
    }
}
