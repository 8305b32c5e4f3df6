package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.ResultBatch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Leases: who may run a job, and for how long. Every method is one transaction and blocks: call it
 * off the event loop. The claim/heartbeat/complete semantics follow Taskcluster's queue: only the
 * live lease's token may write, a batch is stored once per (lease, sequence), completion is
 * idempotent. Lease times (granted, expires, ended) come from one clock, the database's, read
 * inside the statement that grants or ends the lease: the {@code leases} record orders leases as
 * the database did. How each lease may end: {@link LeaseOutcome}.
 */
public interface LeaseStore {

    /** Leases the best queued job this agent may run (priority, then FIFO), or nothing; registers the agent. */
    Optional<Lease> claim(AgentOffer agent, Duration ttl, int maxAttempts);

    /**
     * One transaction for many waiting agents that offer the same families and labels: a job each,
     * in their order, until the queue has none left for them. Cheaper than a claim per agent when
     * work arrives for a crowd of long-polling agents.
     */
    List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts);

    /**
     * Hands a just-granted lease back unused (the agent it was claimed for is no longer waiting: it
     * hung up, or its long poll ended while the claim was in flight): the job returns to the queue
     * without spending an attempt.
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

    /**
     * Ends expired leases (job back to the queue with attempt+1, or infra_error after its last
     * attempt) and expires queued jobs past their pending expiry; says when the next live lease
     * expires, so the reaper can come back exactly then.
     */
    ReapResult reap();

    /**
     * The job behind a live lease, for a writer that proves it holds the lease's token. An ended
     * or expired lease is refused ({@link LeaseRejected}): the agent uploads logs before it completes.
     */
    LeaseJob leaseJob(String leaseId, String token) throws LeaseRejected;
}
