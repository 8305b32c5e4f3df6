package io.gfxfleet.orchestrator.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs an argument array (never a shell string) and collects its combined output. */
public final class ChildProcess {
    private ChildProcess() {}

    /** Runs to completion, however long that takes. */
    public static ProcessResult run(List<String> command, Map<String, String> environment, Path workDir) throws IOException {
        return run(command, environment, workDir, Optional.empty());
    }

    /**
     * Runs with an upper bound (for children that may hang on purpose, such as a HANG sample):
     * on expiry the whole process tree is killed and {@link ProcessResult#timedOut()} is set.
     *
     * @param environment the complete environment of the child (nothing is inherited)
     */
    public static ProcessResult run(List<String> command, Map<String, String> environment, Path workDir,
                                    Optional<Duration> limit) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), buf), "child-output");
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        try {
            if (limit.isPresent()) {
                if (!p.waitFor(limit.get().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                }
            } else {
                p.waitFor();
            }
            reader.join();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        String output;
        synchronized (buf) {
            output = buf.toString(StandardCharsets.UTF_8);
        }
        return new ProcessResult(command, p.exitValue(), output, timedOut);
    }

    private static void copy(InputStream in, ByteArrayOutputStream buf) {
        byte[] b = new byte[1 << 14];
        try (in) {
            for (int n; (n = in.read(b)) > 0; ) {
                synchronized (buf) {
                    buf.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
