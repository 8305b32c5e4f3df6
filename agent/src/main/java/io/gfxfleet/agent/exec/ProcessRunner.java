package io.gfxfleet.agent.exec;

import io.gfxfleet.agent.cancel.Cancellation;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs a {@link CommandLineSpec} through Commons Exec, handing each output line (stdout and
 * stderr merged, as a CI log shows them) to a consumer as it is printed.
 */
public final class ProcessRunner {
    /** Longest line handed on in one piece; longer ones are split (see {@link BoundedLineSplitter}). */
    public static final int MAX_LINE_BYTES = BoundedLineSplitter.MAX_LINE_BYTES;

    public ProcessOutcome run(CommandLineSpec spec, Consumer<String> lines, RunningProcess handle) throws IOException {
        CommandLine cmd = new CommandLine(spec.argv().get(0));
        for (String arg : spec.argv().subList(1, spec.argv().size())) {
            // handleQuoting=false: the argument goes to the process exactly as given.
            cmd.addArgument(arg, false);
        }
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(spec.timeout(), handle);
        // One sink per stream: a line being assembled from stdout must not absorb stderr bytes.
        Consumer<String> serialized = line -> {
            synchronized (lines) {
                lines.accept(line);
            }
        };
        BoundedLineSplitter out = new BoundedLineSplitter(serialized, MAX_LINE_BYTES);
        BoundedLineSplitter err = new BoundedLineSplitter(serialized, MAX_LINE_BYTES);
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(spec.workDir().toFile()).get();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        long start = System.nanoTime();
        DefaultExecuteResultHandler result = new DefaultExecuteResultHandler();
        executor.execute(cmd, spec.environment(), result);
        try {
            result.waitFor();
        } catch (InterruptedException e) {
            // Only a stopping agent interrupts a job's thread; the tree is stopped rather than abandoned.
            watchdog.stop(Cancellation.Reason.AGENT_STOPPING);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + spec.argv().get(0), e);
        } finally {
            watchdog.ended();
            handle.ended(watchdog.process());
        }
        out.close();
        err.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int exit = result.getExitValue();
        ExecuteException failure = result.getException();
        if (failure != null && exit == org.apache.commons.exec.Executor.INVALID_EXITVALUE) {
            throw new IOException("cannot start " + spec.argv().get(0) + ": " + failure.getMessage(), failure);
        }
        var stoppedFor = watchdog.reason();
        boolean timedOut = stoppedFor.filter(r -> r == Cancellation.Reason.TIMEOUT).isPresent();
        return new ProcessOutcome(exit, timedOut, stoppedFor.isPresent() && !timedOut, elapsed);
    }
}
