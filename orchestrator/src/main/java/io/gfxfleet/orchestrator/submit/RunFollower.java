package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.protocol.messages.RunView;

import java.io.IOException;
import java.time.Duration;

/**
 * Follows a run until every family has a verdict or the wait runs out, re-reading the run when the
 * orchestrator's change notices name it ({@link RunChanges}) and at least every {@code interval}.
 * A lost connection or a 5xx is retried until the deadline: the orchestrator may restart while a
 * build waits on it. A 4xx (the run is gone) ends the wait.
 */
public final class RunFollower {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private final ApiClient client;
    private final ProgressPrinter printer;
    private final Duration interval;

    public RunFollower(ApiClient client, ProgressPrinter printer, Duration interval) {
        this.client = client;
        this.printer = printer;
        this.interval = interval;
    }

    /** The run at its verdict, or as last seen when the wait ran out ({@code timedOut}). */
    public record Outcome(RunView run, boolean timedOut) {}

    public Outcome follow(RunView submitted, Duration timeout) throws IOException, InterruptedException {
        try (RunChanges changes = new RunChanges(client, submitted)) {
            return follow(submitted, timeout, changes);
        }
    }

    /**
     * Re-reads the run when the orchestrator's change notices name it, and every {@code interval}
     * in any case (the notices are best effort).
     */
    private Outcome follow(RunView submitted, Duration timeout, RunChanges changes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RunView last = submitted;
        printer.show(last);
        boolean unreachable = false;
        // The first read comes at once: the run may have changed before the notices were followed.
        boolean first = true;
        long seen = 0;
        while (!last.verdict().isTerminal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Outcome(last, true);
            }
            if (!first) {
                changes.awaitAfter(seen, Duration.ofMillis(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000))));
            }
            first = false;
            seen = changes.seen();
            try {
                last = client.progress(last.id());
                if (unreachable) {
                    printer.note("orchestrator reachable again");
                    unreachable = false;
                }
                printer.show(last);
            } catch (ApiClient.ApiException e) {
                if (e.status() < 500) {
                    throw e;
                }
                unreachable = noteOnce(unreachable, e);
            } catch (IOException e) {
                unreachable = noteOnce(unreachable, e);
            }
        }
        return new Outcome(last, false);
    }

    private boolean noteOnce(boolean already, IOException e) {
        if (!already) {
            printer.note("cannot read the run (" + e.getMessage() + "); retrying until the wait ends");
        }
        return true;
    }
}
