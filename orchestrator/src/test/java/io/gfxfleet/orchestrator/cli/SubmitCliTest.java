package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher runs {@code gfxfleet submit} from {@link SubmitCli} (a root holding only submit):
 * the command a user meets must be the one {@link OrchestratorCli} holds, in its help, its mistakes
 * and what it does.
 */
class SubmitCliTest {
    record Outcome(int code, String out, String err) {}

    static Outcome run(Object root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GfxfleetCommandLine.of(root);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void submitsHelpIsTheFullTreesHelp() {
        Outcome light = run(new SubmitCli(), "submit", "--help");
        Outcome full = run(new OrchestratorCli(), "submit", "--help");
        assertEquals(0, light.code());
        assertTrue(light.out().startsWith("Usage: gfxfleet submit "), light.out());
        assertEquals(full.out(), light.out());
    }

    @Test
    void aMistakeIsTheSameUsageError() {
        String[] args = {"submit", "--orchestrator", "http://127.0.0.1:9", "--run-id", "r1", "--rocm-version", "not-a-version",
            "--find-links", "http://127.0.0.1:9/r1-linux/python/gfx94X-dcgpu/"};
        Outcome light = run(new SubmitCli(), args);
        Outcome full = run(new OrchestratorCli(), args);
        assertEquals(2, light.code(), light.err());
        assertEquals(full.code(), light.code());
        assertEquals(full.err(), light.err());
    }

    @Test
    void submitsARun(@TempDir Path dir) throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0))) {
            Outcome o = run(new SubmitCli(), "submit", "--orchestrator", orchestrator.baseUrl(), "--run-id", "light1",
                    "--platform", "linux", "--artifact-group", "gfx94X-dcgpu", "--rocm-version", "7.10.0a20261125",
                    "--deps-index", "http://127.0.0.1:9/python-deps/simple/",
                    "--run-index", "http://127.0.0.1:9/light1-linux/python/gfx94X-dcgpu/simple/", "--python", ScriptedAgent.PYTHON);
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().startsWith("submitted: run light1 7.10.0a20261125 (linux, gfx94X-dcgpu) for gfx94X-dcgpu"), o.out());
            assertEquals(1, orchestrator.store().recentRuns(10, 0).size());
        }
    }
}
