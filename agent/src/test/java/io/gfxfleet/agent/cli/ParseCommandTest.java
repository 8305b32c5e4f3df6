package io.gfxfleet.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.agent.parse.PythonLogs;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParseCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aSavedLogOfARealRunIsPrintedAsJson() throws Exception {
        Path log = PythonLogs.mixedRunLog(dir);

        int exit = run(new ParseCommand(), log.toString(), "--expect", "libraries,devel", "--exit-code", "1");

        assertEquals(1, exit, err.toString());
        JsonNode json = Json.MAPPER.readTree(out.toString());
        assertEquals("failed", json.get("verdict").asText());
        JsonNode summary = json.get("summary");
        assertEquals(12, summary.get("ran").asInt());
        assertEquals(4, summary.get("passed").asInt());
        assertEquals(2, summary.get("failed").asInt());
        assertEquals(3, summary.get("error").asInt());
        assertEquals(1, summary.get("skipped").asInt());
        assertEquals(1, summary.get("expected_failure").asInt());
        assertEquals(1, summary.get("unexpected_success").asInt());
        assertEquals(0, summary.get("crashed").asInt());
        assertEquals(3, summary.get("failing_subtests").asInt());
        assertEquals(12, json.get("tests").size());

        JsonNode shared = null;
        for (JsonNode test : json.get("tests")) {
            if (test.get("id").asText().equals("rocm_sdk.tests.core_test.ROCmCoreTest.testSharedLibrariesLoad")) {
                shared = test;
            }
        }
        assertEquals("core", shared.get("component").asText());
        assertEquals("error", shared.get("status").asText());
        assertEquals("[Check shared library loads] (so_path='libatomic-user.so')",
                shared.get("subtests").get(0).get("description").asText());
        assertEquals("error", shared.get("subtests").get(0).get("status").asText());
        assertEquals("OSError: libatomic.so.1: cannot open shared object file: No such file or directory",
                shared.get("subtests").get(0).get("message").asText());
        assertFalse(shared.has("details"), "tracebacks only with --details");

        List<String> problems = new ArrayList<>();
        json.get("problems").forEach(p -> problems.add(p.asText()));
        assertEquals(List.of("libraries tests were skipped although libraries were installed",
                "expected component 'devel' produced no test",
                "test discovery had errors: failed to import missing_test"), problems);
    }

    @Test
    void detailsAndTheTextFormatAreAvailable() throws Exception {
        Path log = PythonLogs.mixedRunLog(dir);
        assertEquals(1, run(new ParseCommand(), log.toString(), "--details"));
        JsonNode json = Json.MAPPER.readTree(out.toString());
        boolean anyDetails = false;
        for (JsonNode test : json.get("tests")) {
            anyDetails |= test.has("details") && test.get("details").asText().startsWith("Traceback");
        }
        assertTrue(anyDetails);

        out.getBuffer().setLength(0);
        assertEquals(1, run(new ParseCommand(), log.toString(), "--format", "text"));
        assertTrue(out.toString().contains("failed             rocm_sdk.tests.core_test.ROCmCoreTest.testPreloadLibraries  AssertionError: 1 != 2"),
                out.toString());
        assertTrue(out.toString().strip().endsWith("failed"));
    }

    @Test
    void aGreenLogPasses() throws Exception {
        Path log = dir.resolve("green.log");
        Files.writeString(log, String.join("\n",
                "testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok",
                "testLoad (rocm_sdk.tests.core_test.ROCmCoreTest.testLoad) ... ok",
                "", "-".repeat(70), "Ran 2 tests in 0.100s", "", "OK", ""));
        assertEquals(0, run(new ParseCommand(), log.toString()), err.toString());
        JsonNode json = Json.MAPPER.readTree(out.toString());
        assertEquals("passed", json.get("verdict").asText());
        assertEquals(0, json.get("problems").size());
    }

    @Test
    void badInputIsAUsageErrorNamingTheProblem() throws Exception {
        Path missing = dir.resolve("missing.log");
        assertEquals(2, run(new AgentCli(), "parse", missing.toString()), "registered under agent");
        assertTrue(err.toString().contains("LOG " + missing + " does not exist"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run(new ParseCommand(), dir.toString()));
        assertTrue(err.toString().contains("is not a regular file"), err.toString());

        err.getBuffer().setLength(0);
        Path binary = dir.resolve("core.bin");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2});
        assertEquals(2, run(new ParseCommand(), binary.toString()));
        assertTrue(err.toString().contains("is not a text log: it contains NUL bytes"), err.toString());

        err.getBuffer().setLength(0);
        Path log = dir.resolve("ok.log");
        Files.writeString(log, "x\n");
        assertEquals(2, run(new ParseCommand(), log.toString(), "--expect", "Libraries!"));
        assertTrue(err.toString().contains("expected component 'Libraries!'"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run(new ParseCommand(), log.toString(), "--format", "xml"));
        assertEquals(2, run(new ParseCommand()));
    }

    @Test
    void invalidUtf8InALogDoesNotStopTheParse() throws Exception {
        Path log = dir.resolve("latin1.log");
        byte[] text = ("testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... caf\u00e9\nok\n\n"
                + "-".repeat(70) + "\nRan 1 test in 0.001s\n\nOK\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(log, text);
        assertEquals(0, run(new ParseCommand(), log.toString()), err.toString());
    }
}
