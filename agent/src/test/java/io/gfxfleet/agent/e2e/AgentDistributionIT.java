package io.gfxfleet.agent.e2e;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release's self-contained agent (target/release, made by the package phase) on a machine
 * whose PATH has no java and no JAVA_HOME: its sums check, it tells its version, and it runs the
 * demo run's job with {@code run --once} against a real orchestrator.
 */
class AgentDistributionIT {
    static final String FAMILY = "gfx94X-dcgpu";
    static final Path RELEASE = Path.of(System.getProperty("gfxfleet.release.dir", "target/release"));
    static final String VERSION = System.getProperty("gfxfleet.release.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path dir;

    @Test
    void runsTheDemoJobWithoutAJdk() throws Exception {
        String tarball = "gfxfleet-agent-" + VERSION + "-linux-x86_64.tar.gz";
        assertSumsMatch(tarball);
        assertSumsMatch("gfxfleet-orchestrator-" + VERSION + ".jar");
        assertSumsMatch("gfxfleet-publish-" + VERSION + ".jar");
        assertEquals(0, run(List.of("tar", "-xzf", RELEASE.resolve(tarball).toString(), "-C", dir.toString()), System.getenv()).exit());
        Path launcher = dir.resolve("gfxfleet-agent-" + VERSION).resolve("bin").resolve("gfxfleet-agent");

        // A PATH with python3 (venvs need it) and nothing else: no java anywhere on it.
        Path bin = Files.createDirectories(dir.resolve("path"));
        Path python = Path.of(run(List.of("python3", "-c", "import sys; print(sys.executable)"), System.getenv()).output().strip());
        Files.createSymbolicLink(bin.resolve("python3"), python);
        Map<String, String> noJdk = Map.of("PATH", bin.toString(), "HOME", dir.toString(), "LANG", "C.UTF-8");
        for (String entry : noJdk.get("PATH").split(File.pathSeparator)) {
            assertFalse(Files.exists(Path.of(entry, "java")), "java on PATH: " + entry);
        }

        Result version = run(List.of(launcher.toString(), "--version"), noJdk);
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("gfxfleet"), version.output());

        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("orchestrator"), 0))) {
            SampleSpec spec = SamplePackages.builder().version("7.10.0a20261203").families(FAMILY).build();
            SampleRun sample = SampleRun.publish(spec, "9016", FAMILY, dir.resolve("samples"), dir.resolve("orchestrator").resolve("packages"));
            RunView submitted = new ApiClient(URI.create(orchestrator.baseUrl()), null)
                    .submit(sample.submission(orchestrator.baseUrl() + "/packages/", "presubmit"));
            Result once = run(List.of(launcher.toString(), "run", "--once", "--orchestrator", orchestrator.baseUrl(),
                    "--gpu-family", FAMILY, "--agent-id", "dist-agent", "--work-dir", dir.resolve("agent").toString(),
                    "--min-free-disk-gb", "0"), noJdk);
            assertEquals(0, once.exit(), once.output());
            assertEquals(JobState.PASSED, orchestrator.store().job(submitted.jobs().get(0).id()).orElseThrow().state(), once.output());
            assertTrue(once.output().contains("counters: jobs passed=1"), once.output());
        }
    }

    private static void assertSumsMatch(String file) throws Exception {
        String expected = null;
        for (String line : Files.readAllLines(RELEASE.resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
            if (line.endsWith("  " + file)) {
                expected = line.substring(0, 64);
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(RELEASE.resolve(file))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        assertEquals(expected, HexFormat.of().formatHex(sha.digest()), file + " against SHA256SUMS");
    }

    record Result(int exit, String output) {}

    private Result run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Result(p.waitFor(), Files.readString(out));
    }
}
