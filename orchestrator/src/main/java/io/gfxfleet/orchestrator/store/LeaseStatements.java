package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobView;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The dialect seam under {@link JdbcLeaseStore}: how the lease rules ({@link LeaseRules}) are run
 * on one database. PostgreSQL runs each operation as one statement and one round trip
 * ({@link PgLeaseStatements}); SQLite, in process with one writer, runs several statements in one
 * transaction ({@link SqliteLeaseStatements}). What is not here (release, hand-back, the reaper,
 * batches, and the precise answer when a fast path changed nothing) is the same on both and lives
 * in {@link JdbcLeaseStore}.
 */
interface LeaseStatements {

    /** What one claim found: whether the agent may work at all, and its lease if a job was free. */
    record Claim(boolean agentMayWork, Optional<Lease> lease) {}

    /**
     * A claim for one agent. {@code register}: record the agent's visit and offer first (a waiting
     * agent registered when it started waiting, so its claim that finds nothing writes nothing).
     */
    Claim claim(AgentOffer agent, boolean register, Duration ttl, int maxAttempts);

    /** Leases for waiting agents that offer the same, in their order, until the queue has none left for them. */
    List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts);

    /** Extends a live lease whose token this is in one step; empty when it did nothing (the general path says why). */
    Optional<HeartbeatReply> heartbeatIfLive(String leaseId, String token, Duration ttl);

    /** Completes a live lease whose token this is in one step; empty when it did nothing (the general path answers). */
    Optional<JobView> completeIfLive(String leaseId, JobCompletion completion);

    static LeaseStatements of(Dialect dialect, Transactions tx, LeaseClock leaseClock, Clock clock, int quarantineAfter) {
        return dialect == Dialect.POSTGRES
                ? new PgLeaseStatements(tx, leaseClock, clock, quarantineAfter)
                : new SqliteLeaseStatements(tx, leaseClock, clock);
    }
}
