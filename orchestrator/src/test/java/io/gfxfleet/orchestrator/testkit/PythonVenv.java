package io.gfxfleet.orchestrator.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real virtual environment made by {@code python3 -m venv}, with a pip runner that ignores
 * every machine-wide pip setting ({@code --isolated}, {@link IsolatedPipEnvironment}) and never
 * reuses a wheel built for another venv (an sdist's wheel bakes the GPU family in).
 */
public final class PythonVenv {
    /** The interpreter for new venvs: system property {@code gfxfleet.python}, default {@code python3}. */
    public static final String PYTHON = System.getProperty("gfxfleet.python", "python3");

    private final Path dir;

    private PythonVenv(Path dir) {
        this.dir = dir;
    }

    public static PythonVenv create(Path dir) throws IOException {
        ProcessResult r = ChildProcess.run(List.of(PYTHON, "-m", "venv", dir.toString()),
                IsolatedPipEnvironment.of(Map.of()), null);
        if (r.exitCode() != 0) {
            throw new IOException("python3 -m venv failed: " + r.describe());
        }
        return new PythonVenv(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path bin(String name) {
        return dir.resolve("bin").resolve(name);
    }

    public Path python() {
        return bin("python");
    }

    /** {@code <venv>/bin/pip --isolated --no-cache-dir --disable-pip-version-check <args>} in a clean environment. */
    public ProcessResult pip(List<String> args, Map<String, String> extraEnv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python().toString(), "-m", "pip", "--isolated", "--no-cache-dir",
                "--disable-pip-version-check", "--no-input"));
        cmd.addAll(args);
        return ChildProcess.run(cmd, IsolatedPipEnvironment.of(extraEnv), dir);
    }

    /**
     * {@code pip install --report <file> <requirement> --index-url <deps> --extra-index-url <run>}:
     * the two-index pattern.
     */
    public PipInstall installTwoIndex(String requirement, String depsIndexUrl, String runIndexUrl,
                                      Map<String, String> extraEnv) throws IOException {
        Path report = Files.createTempFile(dir, "pip-report", ".json");
        ProcessResult r = pip(List.of("install", "--report", report.toString(), requirement,
                "--index-url", depsIndexUrl, "--extra-index-url", runIndexUrl), extraEnv);
        return new PipInstall(r, r.exitCode() == 0 ? PipInstallReport.read(report) : null);
    }

    /** Runs a program of the venv's bin/ in a clean environment plus {@code extraEnv}. */
    public ProcessResult run(String program, List<String> args, Map<String, String> extraEnv) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin(program).toString());
        cmd.addAll(args);
        return ChildProcess.run(cmd, IsolatedPipEnvironment.of(extraEnv), dir);
    }

    /** An install's process result and, when it succeeded, its parsed {@code --report}. */
    public record PipInstall(ProcessResult process, PipInstallReport report) {
        public boolean succeeded() {
            return process.exitCode() == 0;
        }
    }
}
