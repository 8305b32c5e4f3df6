package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs and their jobs and results: submission, cancellation, reading back, pruning old history. */
public interface RunStore {

    RunCreation createRun(NewRun run);

    Optional<RunView> run(String id);

    List<RunView> recentRuns(int limit, int offset);

    Optional<JobView> job(String jobId);

    /** The results of the job's current (or last) lease. */
    List<TestResult> results(String jobId);

    /** One page of {@link #results(String)}: at most {@code limit} results from {@code offset}, same order. */
    default List<TestResult> results(String jobId, long offset, int limit) {
        List<TestResult> all = results(jobId);
        return all.subList((int) Math.min(offset, all.size()), (int) Math.min(all.size(), offset + limit));
    }

    /**
     * A page of {@link #results(String)} in the same order, after {@code after} (keyset pagination),
     * holding at most {@code limit} results that pass {@code filter}.
     */
    ResultPage resultsAfter(String jobId, ResultCursor after, int limit, ResultFilter filter);

    /** Cancels every unfinished job of a run: queued ones end now, leased ones learn it at their next heartbeat. */
    int cancelRun(String runKey);

    /** Runs newest first, starting after {@code before} (null: from the newest): keyset pagination. */
    List<RunView> runsBefore(RunCursor before, int limit);

    /**
     * Removes runs created before {@code cutoff} whose jobs all have a verdict, with their jobs,
     * leases and results, keeping each family's newest job of each verdict. {@code removedJobs}
     * hears the ids of each batch of removed jobs (to remove their logs).
     */
    PruneResult prune(Instant cutoff, Consumer<List<String>> removedJobs);

    /** Queued jobs per family and run priority, for the {@code /metrics} gauge. */
    List<QueueDepth> queueDepth();
}
