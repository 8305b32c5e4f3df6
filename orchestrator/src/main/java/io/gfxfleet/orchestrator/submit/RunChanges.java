package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The orchestrator's change notices ({@code GET /events}, what open dashboards follow) that name
 * one run or its jobs: a waiting submitter re-reads the run when one comes, so it learns a verdict
 * a quarter of a second after it is recorded rather than at its next poll (every 2 s). Best
 * effort: without the stream (an older orchestrator, a proxy that buffers it) the poll still runs.
 */
public final class RunChanges implements AutoCloseable {
    private final Set<String> names;
    private final AutoCloseable feed;
    private long notices;

    /** A slow stream is not waited for longer than this: the poll covers for it. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(2);

    /**
     * Starts following the notices that name {@code run} (the run and each of its jobs); returns
     * once the stream is open, so a change from then on is noticed.
     */
    public RunChanges(ApiClient client, RunView run) {
        this.names = Stream.concat(Stream.of("run:" + run.id()), run.jobs().stream().map(JobView::id).map(id -> "job:" + id))
                .collect(Collectors.toUnmodifiableSet());
        this.feed = client.changeNotices(this::notice, CONNECT_WAIT);
    }

    /** How many notices named the run so far: read it before reading the run, then {@link #awaitAfter} it. */
    public synchronized long seen() {
        return notices;
    }

    /** Waits at most {@code max} for a notice after the {@code seen}-th; true when one came. */
    public synchronized boolean awaitAfter(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (notices <= seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** One {@code data:} line of the stream: the changed things, space separated. */
    private void notice(String data) {
        if (Arrays.stream(data.trim().split(" ")).anyMatch(names::contains)) {
            synchronized (this) {
                notices++;
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        try {
            feed.close();
        } catch (Exception e) {
            // The stream is best effort; the run was read by polling all along.
        }
    }
}
