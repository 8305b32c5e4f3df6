package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.results.ResultSink;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The JUnit Platform as the reporting edge of a live job: results pushed here are reported by a
 * launcher run of the gfxfleet engine ({@link JobLauncher}), on a thread of its own, to the
 * launch's listeners (the {@link JunitXmlReport}). The runner's other sinks (the result streamer)
 * get the results directly; a fault here costs the report, never a result sent to the orchestrator.
 */
public final class PlatformReport implements ResultSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlatformReport.class);

    private sealed interface Item permits Result, End {}

    private record Result(TestResult result) implements Item {}

    private record End(JobOutcome outcome) implements Item {}

    private final String jobId;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<JobOutcome> launched = new CompletableFuture<>();
    private volatile boolean ended;

    /**
     * Starts the launch of job {@code jobId} named {@code name} (the report's suite name); it
     * reports what is pushed here until {@link #jobEnded}.
     */
    public PlatformReport(String jobId, String name, List<TestExecutionListener> listeners) {
        this.jobId = jobId;
        ResultSource pushed = results -> {
            while (true) {
                Item item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("the report of job " + jobId + " was interrupted", e);
                }
                if (item instanceof End end) {
                    return end.outcome();
                }
                results.accept(((Result) item).result());
            }
        };
        JobSelector selector = new JobSelector(jobId, name, pushed);
        Thread t = new Thread(() -> {
            try {
                launched.complete(JobLauncher.run(selector, listeners));
            } catch (IOException | RuntimeException | Error e) {
                launched.completeExceptionally(e);
            }
        }, "junit-report-" + jobId);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void accept(TestResult result) {
        if (!ended && !launched.isDone()) {
            queue.add(new Result(result));
        }
    }

    /** Ends the launch with the job's verdict and waits for the listeners to have seen all of it. */
    @Override
    public void jobEnded(JobOutcome outcome) {
        if (ended) {
            return;
        }
        ended = true;
        queue.add(new End(outcome));
        failure().ifPresent(e -> log.error("job {}: the JUnit Platform report failed", jobId, e));
    }

    /** Once {@link #jobEnded} returned: what went wrong in the launch, if anything. */
    public Optional<Throwable> failure() {
        try {
            launched.get();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(e);
        }
    }

    /** A job that ended without {@link #jobEnded} (an agent-side failure) still ends its launch. */
    @Override
    public void close() {
        jobEnded(new JobOutcome(JobState.INFRA_ERROR, "the job ended before its report"));
    }
}
