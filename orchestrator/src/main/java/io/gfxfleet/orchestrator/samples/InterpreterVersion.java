package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code X.Y} version of a local Python interpreter, asked of the interpreter itself. A sample
 * run asks for the Python its deps index was made with: the demo's agents run that same
 * {@code python3}, so the run names what they offer instead of the platform's whole test matrix.
 */
public final class InterpreterVersion {
    private static final Pattern X_Y = Pattern.compile("[0-9]{1,2}\\.[0-9]{1,3}");

    private InterpreterVersion() {}

    /** Empty when {@code executable} does not run, does not answer in time, or answers something else. */
    public static Optional<String> of(String executable) {
        ProcessBuilder pb = new ProcessBuilder(List.of(executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            // Bounded read: a wrapper that prints a banner must not fill memory.
            String out = new String(p.getInputStream().readNBytes(256), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && X_Y.matcher(out).matches() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
