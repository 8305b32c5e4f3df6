package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The setuptools and wheel wheels that pip's isolated build of the {@code rocm} sdist fetches
 * from the deps index. setuptools comes from the interpreter's own {@code ensurepip/_bundled}
 * (Debian's python3-setuptools-whl carries patches that break builds with a non-Debian Python);
 * wheel comes from Debian's {@code python3-wheel-whl} (setuptools below 70.1 needs it).
 */
public final class BuildBackendWheels {
    public static final Path DEBIAN_WHEELS = Path.of("/usr/share/python-wheels");

    private BuildBackendWheels() {}

    /** {@code <ensurepip>/_bundled/setuptools-*.whl} of the given interpreter. */
    public static Path setuptools(String python) throws IOException {
        Path bundled = ensurepipDir(python).resolve("_bundled");
        return newest(bundled, "setuptools-").orElseThrow(() -> new IOException(
                "no setuptools-*.whl in " + bundled + " (the ensurepip bundle of " + python + ")"));
    }

    /** {@code /usr/share/python-wheels/wheel-*.whl}. */
    public static Path wheel() throws IOException {
        return newest(DEBIAN_WHEELS, "wheel-").orElseThrow(() -> new IOException(
                "no wheel-*.whl in " + DEBIAN_WHEELS + ": install the Debian package python3-wheel-whl "
                        + "(apt-get install -y python3-wheel-whl)"));
    }

    static Path ensurepipDir(String python) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(python, "-c",
                "import ensurepip, os; print(os.path.dirname(ensurepip.__file__))"));
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + python + " to find its ensurepip bundle: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(python + " did not answer where ensurepip is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0 || out.isEmpty()) {
            throw new IOException(python + " cannot import ensurepip (exit " + p.exitValue() + "): " + out);
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElse(out));
    }

    private static java.util.Optional<Path> newest(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".whl"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
