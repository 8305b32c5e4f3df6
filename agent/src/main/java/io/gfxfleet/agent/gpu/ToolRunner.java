package io.gfxfleet.agent.gpu;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a short-lived inspection tool ({@code rocminfo}, {@code python3 -c ...}) with an argument
 * array, a timeout and captured output. Never goes through a shell.
 */
public final class ToolRunner {
    /** Tools print a few KiB; a runaway one must not fill the heap. */
    private static final int MAX_CAPTURE_BYTES = 1 << 20;
    /** After a kill, a grandchild may still hold the pipes open: stop waiting for it after this. */
    private static final Duration PUMP_STOP_TIMEOUT = Duration.ofSeconds(2);

    private final Duration timeout;

    public ToolRunner(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tool timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The outcome of one run; {@code launchError} is set when the process never ran. */
    public record ToolOutput(int exitCode, String stdout, String stderr, boolean timedOut, String launchError) {
        public boolean succeeded() {
            return launchError == null && !timedOut && exitCode == 0;
        }

        /** Why the run failed, for a note; empty when it succeeded. */
        public String failure() {
            if (launchError != null) {
                return "could not be started: " + launchError;
            }
            if (timedOut) {
                return "timed out and was killed";
            }
            if (exitCode != 0) {
                String detail = lastLine(stderr).isEmpty() ? lastLine(stdout) : lastLine(stderr);
                return "exited with status " + exitCode + (detail.isEmpty() ? "" : ": " + detail);
            }
            return "";
        }

        private static String lastLine(String s) {
            List<String> lines = s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                return "";
            }
            String l = lines.get(lines.size() - 1);
            return l.length() > 200 ? l.substring(0, 200) + "…" : l;
        }
    }

    /** Runs {@code executable args...}; never throws for a failing or missing tool. */
    public ToolOutput run(String executable, List<String> args) {
        return run(executable, args, null);
    }

    /** As {@link #run(String, List)}, in {@code environment} (null: this process's). */
    public ToolOutput run(String executable, List<String> args, java.util.Map<String, String> environment) {
        Objects.requireNonNull(executable, "executable");
        CommandLine command = new CommandLine(executable);
        for (String a : args) {
            command.addArgument(a, false); // no quoting: each element is one argv entry
        }
        BoundedBuffer out = new BoundedBuffer();
        BoundedBuffer err = new BoundedBuffer();
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        streams.setStopTimeout(PUMP_STOP_TIMEOUT);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null); // every exit status is an answer, not an exception
        int exit;
        try {
            exit = environment == null ? executor.execute(command) : executor.execute(command, environment);
        } catch (IOException e) {
            if (watchdog.killedProcess()) {
                return new ToolOutput(-1, out.text(), err.text(), true, null);
            }
            return new ToolOutput(-1, out.text(), err.text(), false, String.valueOf(e.getMessage()));
        }
        return new ToolOutput(exit, out.text(), err.text(), watchdog.killedProcess(), null);
    }

    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (bytes.size() < MAX_CAPTURE_BYTES) {
                bytes.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX_CAPTURE_BYTES - bytes.size();
            if (room > 0) {
                bytes.write(b, off, Math.min(room, len));
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
