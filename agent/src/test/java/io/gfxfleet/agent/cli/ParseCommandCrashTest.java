package io.gfxfleet.agent.cli;

import io.gfxfleet.protocol.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 10's second half: an {@code agent parse} that crashes does not read as "tests
 * failed". A real {@code OutOfMemoryError} in a child JVM: a 48 MB traceback kept whole because
 * {@code --max-details} was set absurdly high, parsed with a 32 MiB heap. It exits 3 with one line
 * saying it ran out of memory, never 1.
 */
class ParseCommandCrashTest {
    private static final String TEST = "test_big (rocm_sdk.tests.core_test.ROCmCoreTest.test_big)";

    @TempDir
    Path dir;

    @Test
    void runningOutOfMemoryExitsThreeNotTestsFailed() throws Exception {
        Path log = dir.resolve("huge-traceback.log");
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            w.write(TEST + " ... FAIL\n\n" + "=".repeat(70) + "\nFAIL: " + TEST + "\n" + "-".repeat(70) + "\n");
            w.write("Traceback (most recent call last):\n");
            String frame = "  File \"/w/rocm_sdk/tests/core_test.py\", line 12, in test_big\n    " + "z".repeat(180) + "\n";
            for (int i = 0; i < 48_000_000 / frame.length(); i++) {
                w.write(frame);
            }
            w.write("AssertionError: 0 != 1\n\n" + "-".repeat(70) + "\nRan 1 test in 1.000s\n\nFAILED (failures=1)\n");
        }
        Path err = dir.resolve("stderr.txt");
        Process parse = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                AgentCli.class.getName(), "parse", log.toString(), "--exit-code", "1", "--details", "--max-details", "2000000000"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        int exit = parse.waitFor();

        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitCode.INFRA.code(), exit, "a crash, not \"tests failed\": " + stderr);
        assertTrue(stderr.contains("agent parse: crashed: out of memory") && stderr.contains("-Xmx"), stderr);
        assertFalse(stderr.contains("\tat "), "one line, no stack trace: " + stderr);
    }
}
