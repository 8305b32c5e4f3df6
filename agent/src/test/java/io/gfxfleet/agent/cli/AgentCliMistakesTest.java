package io.gfxfleet.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The agent jar's side of issue 12's mistakes, in-process: one line naming the cause and the fix
 * and the exit code of the shared table; every command's help and the tool's version.
 */
class AgentCliMistakesTest {
    /** Work folders under target/: the venv template is made in the background and may outlive a test. */
    private static Path work(String name) throws Exception {
        return Files.createDirectories(Path.of("target", "agent-cli-mistakes", name + "-" + System.nanoTime()));
    }

    private record Run(int code, String out, String err) {
        String describe() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Run agent(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GfxfleetCommandLine.of(new AgentCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertOneLine(Run run, ExitCode code, String... fragments) {
        assertEquals(code.code(), run.code(), run::describe);
        List<String> lines = run.err().strip().lines().toList();
        assertEquals(1, lines.size(), run::describe);
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), () -> "missing '" + f + "' in: " + run.describe());
        }
        assertFalse(run.err().contains("\tat "), run::describe);
    }

    @Test
    void runOnceGivesUpOnAnUnreachableOrchestratorWithTheInfraCode() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run run = agent("run", "--orchestrator", "http://127.0.0.1:" + closed, "--gpu-family", "gfx94X-dcgpu", "--once",
                "--give-up-after", "1", "--min-free-disk-gb", "0", "--agent-id", "mistakes", "--work-dir", work("unreachable").toString());
        assertOneLine(run, ExitCode.INFRA, "gave up after", "cannot reach the orchestrator at http://127.0.0.1:" + closed,
                "connection refused", "--give-up-after");
        assertFalse(run.err().contains(": null"), run::describe);
    }

    @Test
    void unknownFamiliesListTheNearMatches() throws Exception {
        for (String typo : List.of("gfx942", "gfx94x-dcgpu")) {
            Run run = agent("run", "--orchestrator", "http://127.0.0.1:9", "--gpu-family", typo, "--once",
                    "--sysfs-root", work("sysfs").toString(), "--work-dir", work("family").toString());
            assertOneLine(run, ExitCode.USAGE, "unknown GPU family '" + typo + "'", "did you mean gfx94X-dcgpu", "known families: ");
        }
    }

    @Test
    void everyCommandHasHelpWithTheExitCodeTableAndTheToolsVersion() {
        List<List<String>> paths = new ArrayList<>(List.of(List.of()));
        for (String sub : GfxfleetCommandLine.of(new AgentCli()).getSubcommands().keySet()) {
            if (!sub.equals("help")) {
                paths.add(List.of(sub));
            }
        }
        assertTrue(paths.size() >= 4, paths.toString());
        for (List<String> path : paths) {
            for (String flag : List.of("-h", "--help", "--version")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run run = agent(args.toArray(String[]::new));
                assertEquals(0, run.code(), () -> args + ": " + run.describe());
                if (flag.equals("--version")) {
                    assertTrue(run.out().matches("gfxfleet \\S+ \\(commit [^)]+\\)\\R"), run::describe);
                } else {
                    for (ExitCode row : ExitCode.values()) {
                        assertTrue(run.out().contains(row.code() + "   " + row.meaning().substring(0, 12)), () -> args + ": " + run.out());
                    }
                }
            }
        }
    }
}
