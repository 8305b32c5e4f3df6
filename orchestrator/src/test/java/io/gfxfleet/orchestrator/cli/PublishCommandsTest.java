package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.layout.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void samplesThenPublishThenDepsPublish() {
        Path samples = tmp.resolve("samples");
        Path out = tmp.resolve("out");
        assertEquals(0, GfxfleetCommandLine.of(new SamplesCommand()).execute("build", "--out", samples.toString(),
                "--families", "gfx94X-dcgpu,gfx110X-all", "--fail", "gfx110X-all:core_test.testConsoleScripts"));
        assertEquals(0, GfxfleetCommandLine.of(new PublishCommand()).execute("--packages-dir", samples.toString(),
                "--run-id", "77", "--artifact-group", "gfx94X-dcgpu", "--dry-run"));
        assertFalse(Files.exists(out));
        assertEquals(0, GfxfleetCommandLine.of(new PublishCommand()).execute("--packages-dir", samples.toString(),
                "--run-id", "77", "--artifact-group", "gfx94X-dcgpu", "--output-dir", out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("77-linux/python/gfx94X-dcgpu/simple/rocm-sdk-core/index.html")));
        assertEquals(0, GfxfleetCommandLine.of(new DepsCommand()).execute("publish", "--packages-dir",
                samples.resolve("deps").toString(), "--output-dir", out.toString()));
        assertTrue(Files.isRegularFile(out.resolve(RunLayout.DEPS_SIMPLE + "setuptools/index.html")));
    }

    @Test
    void refusalsAndBadArgumentsExitNonZero() {
        Path samples = tmp.resolve("samples");
        assertEquals(0, GfxfleetCommandLine.of(new SamplesCommand()).execute("build", "--out", samples.toString(),
                "--families", "gfx94X-dcgpu"));
        // the deps folder is not a run index's content
        assertEquals(4, GfxfleetCommandLine.of(new PublishCommand()).execute("--packages-dir", samples.resolve("deps").toString(),
                "--run-id", "77", "--artifact-group", "g", "--output-dir", tmp.resolve("o").toString()));
        // the dist folder must not go into the deps index
        assertEquals(4, GfxfleetCommandLine.of(new DepsCommand()).execute("publish", "--packages-dir",
                samples.resolve("dist").toString(), "--output-dir", tmp.resolve("o").toString()));
        assertEquals(2, GfxfleetCommandLine.of(new PublishCommand()).execute("--packages-dir", samples.toString(),
                "--run-id", "../x", "--artifact-group", "g", "--output-dir", tmp.resolve("o").toString()));
        assertEquals(2, GfxfleetCommandLine.of(new SamplesCommand()).execute("build", "--out", samples.toString(),
                "--families", "gfx94X-dcgpu", "--fail", "gfx94X-dcgpu:testNope"));
    }
}
