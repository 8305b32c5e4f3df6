package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.AgentView;
import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs, jobs, leases and results. Every method is one transaction and blocks: call it off the
 * event loop. The claim/heartbeat/complete semantics follow Taskcluster's queue: only the live
 * lease's token may write, a batch is stored once per (lease, sequence), completion is idempotent.
 */
public interface Store extends AutoCloseable {

    RunCreation createRun(NewRun run);

    Optional<RunView> run(String id);

    List<RunView> recentRuns(int limit, int offset);

    Optional<JobView> job(String jobId);

    /** Leases the best queued job this agent may run (priority, then FIFO), or nothing; registers the agent. */
    Optional<Lease> claim(AgentOffer agent, Duration ttl, int maxAttempts);

    /**
     * One transaction for many waiting agents that offer the same families and labels: a job each,
     * in their order, until the queue has none left for them. Cheaper than a claim per agent when
     * work arrives for a crowd of long-polling agents.
     */
    List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts);

    /**
     * Hands a just-granted lease back unused (the agent hung up before it got the answer): the
     * job returns to the queue without spending an attempt.
     */
    void release(String leaseId);

    /**
     * The holder gives its job back (the agent is shutting down): the job returns to the queue at
     * once, without spending an attempt, instead of waiting for the lease to lapse.
     */
    void handBack(String leaseId, String token) throws LeaseRejected;

    HeartbeatReply heartbeat(String leaseId, String token, Duration ttl) throws LeaseRejected;

    BatchAck storeBatch(String leaseId, ResultBatch batch) throws LeaseRejected;

    JobView complete(String leaseId, JobCompletion completion) throws LeaseRejected;

    /** Ends expired leases (job back to the queue with attempt+1, or infra_error after its last attempt). */
    ReapResult reap();

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

    /** Registered agents, with their current job. */
    List<AgentView> agents();

    /** Drain: the agent finishes its job and takes no more. False when no such agent. */
    boolean setDrained(String agentId, boolean drained);

    /** Lifts an automatic quarantine (after K consecutive infra errors). False when no such agent. */
    boolean liftQuarantine(String agentId);

    /** Of these families, the ones no usable agent offered within {@code seenWithin} (Swarming's NO_RESOURCE). */
    List<String> familiesWithoutAgents(List<String> families, Duration seenWithin);

    /** Of these offer labels (e.g. {@code python=3.10}), the ones no usable agent offered within {@code seenWithin}. */
    List<String> labelsWithoutAgents(List<String> labels, Duration seenWithin);

    /** Cancels every unfinished job of a run: queued ones end now, leased ones learn it at their next heartbeat. */
    int cancelRun(String runKey);

    @Override
    void close();

    // ---- read-only queries for the dashboard and the submitter ----------------------------------

    /** The matrix: matching runs newest first, running jobs with their counts so far. */
    RunPage runPage(RunFilter filter);

    /** A run like {@link #run}, but running jobs carry the counts of the results stored so far. */
    Optional<RunView> runProgress(String id);

    /** Every lease a job had, oldest first. */
    List<JobAttempt> attempts(String jobId);

    /** One test in the jobs of one family across its latest {@code runs} runs, newest first. */
    List<TestOutcomes> testOutcomes(String family, String testId, int runs);

    /** When the family last went red (see {@link RedStreak}). */
    RedStreak redStreak(String family);

    // ---- appended by the agent stream (issue 5) for log uploads; lead: please review ------------

    /**
     * The job behind a live lease, for a writer that proves it holds the lease's token. An ended
     * or expired lease is refused ({@link LeaseRejected}): the agent uploads logs before it completes.
     */
    LeaseJob leaseJob(String leaseId, String token) throws LeaseRejected;

    // ---- a year of history (issue 17) -----------------------------------------------------------

    /** Runs newest first, starting after {@code before} (null: from the newest): keyset pagination. */
    List<RunView> runsBefore(RunCursor before, int limit);

    /**
     * Removes runs created before {@code cutoff} whose jobs all have a verdict, with their jobs,
     * leases and results, keeping each family's newest job of each verdict. {@code removedJobs}
     * hears the ids of each batch of removed jobs (to remove their logs).
     */
    PruneResult prune(java.time.Instant cutoff, java.util.function.Consumer<List<String>> removedJobs);
    // ---- operations (issue 16) ------------------------------------------------------------------

    /** Queued jobs per family and run priority, for the {@code /metrics} gauge. */
    List<QueueDepth> queueDepth();

    /** One trivial query: throws {@link StoreException} when the database cannot answer ({@code /readyz}). */
    void ping();
}
