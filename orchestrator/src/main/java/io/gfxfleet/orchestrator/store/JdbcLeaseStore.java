package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.ResultBatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link LeaseStore} on JDBC. Claims, and on PostgreSQL the heartbeat and completion of a live
 * lease, go through the dialect seam ({@link LeaseStatements}); what is the same on both databases
 * is here: release, hand-back, the reaper, result batches, and the general path that gives the
 * precise answer when a one-statement form changed nothing (a repeat, a foreign, ended or expired
 * lease). Every rule comes from {@link LeaseRules}; every time from {@link LeaseClock}.
 */
final class JdbcLeaseStore implements LeaseStore {
    private final Transactions tx;
    private final Dialect dialect;
    private final LeaseClock leaseClock;
    private final LeaseStatements statements;
    private final ResultRows resultRows = new ResultRows();
    private final int quarantineAfter;
    private final ReplicaSignal replicas;

    JdbcLeaseStore(Transactions tx, Dialect dialect, LeaseClock leaseClock, LeaseStatements statements,
                   int quarantineAfter, ReplicaSignal replicas) {
        this.tx = tx;
        this.dialect = dialect;
        this.leaseClock = leaseClock;
        this.statements = statements;
        this.quarantineAfter = quarantineAfter;
        this.replicas = replicas;
    }

    // ---- granting -------------------------------------------------------------------------

    @Override
    public Optional<Lease> claim(AgentOffer agent, Duration ttl, int maxAttempts) {
        if (agent.families().isEmpty()) {
            return Optional.empty();
        }
        return statements.claim(agent, true, ttl, maxAttempts).lease();
    }

    @Override
    public List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts) {
        if (waiting.isEmpty() || waiting.get(0).families().isEmpty()) {
            return List.of();
        }
        return statements.claimForWaiting(waiting, ttl, maxAttempts);
    }

    // ---- holding --------------------------------------------------------------------------

    /** {@code endedOutcome} is null while the lease is live, else how it ended ({@link LeaseOutcome#stored()}). */
    private record LiveLease(String jobId, int attempt, boolean cancelRequested, JobState jobState, String endedOutcome) {}

    /** The live lease row behind a write, or a rejection saying why this writer may not write. */
    private LiveLease requireLive(Connection c, long now, String leaseId, String token, boolean allowEnded)
            throws SQLException, LeaseRejected {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT l.job_id, l.attempt, l.token_hash, l.expires_at, l.ended_at, j.lease_id, j.cancel_requested, j.state,"
                        + " l.outcome"
                        + " FROM leases l JOIN jobs j ON j.id=l.job_id WHERE l.id=?")) {
            ps.setString(1, leaseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LeaseRejected("unknown lease " + leaseId);
                }
                if (!TokenHash.matches(token, rs.getString(3))) {
                    throw new LeaseRejected("wrong token for lease " + leaseId);
                }
                boolean ended = rs.getObject(5) != null;
                if (ended && !allowEnded) {
                    throw new LeaseRejected("lease " + leaseId + " has ended");
                }
                if (!ended && (LeaseRules.expired(rs.getLong(4), now) || !leaseId.equals(rs.getString(6)))) {
                    throw new LeaseRejected("lease " + leaseId + " has expired");
                }
                return new LiveLease(rs.getString(1), rs.getInt(2), rs.getInt(7) != 0, JobState.parse(rs.getString(8)),
                        ended ? rs.getString(9) : null);
            }
        }
    }

    @Override
    public HeartbeatReply heartbeat(String leaseId, String token, Duration ttl) throws LeaseRejected {
        Optional<HeartbeatReply> extended = statements.heartbeatIfLive(leaseId, token, ttl);
        if (extended.isPresent()) {
            return extended.get();
        }
        // Not extended in one step: this path extends it, or says why not (unknown, foreign, ended, expired).
        return tx.inTransaction(c -> {
            long now = leaseClock.read(c);
            LiveLease live = requireLive(c, now, leaseId, token, false);
            long expires = now + ttl.toMillis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET expires_at=? WHERE id=?")) {
                ps.setLong(1, expires);
                ps.setString(2, leaseId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_expires_at=? WHERE id=? AND lease_id=?")) {
                ps.setLong(1, expires);
                ps.setString(2, live.jobId());
                ps.setString(3, leaseId);
                ps.executeUpdate();
            }
            return new HeartbeatReply(Instant.ofEpochMilli(expires), live.cancelRequested());
        });
    }

    @Override
    public BatchAck storeBatch(String leaseId, ResultBatch batch) throws LeaseRejected {
        long[][] testKeys = new long[1][];
        BatchAck ack = tx.inTransaction(c -> {
            long now = leaseClock.read(c);
            // A resend of a batch stored before the lease ended is still acknowledged (the agent may
            // have lost the first answer); anything new needs the live lease.
            if (batchStored(c, leaseId, batch.sequence())) {
                requireLive(c, now, leaseId, batch.leaseToken(), true);
                return new BatchAck(batch.sequence(), true, 0);
            }
            LiveLease live = requireLive(c, now, leaseId, batch.leaseToken(), false);
            testKeys[0] = resultRows.insert(c, leaseId, batch.sequence(), live.jobId(), now, batch.results());
            return new BatchAck(batch.sequence(), false, batch.results().size());
        });
        if (testKeys[0] != null) {
            resultRows.remember(testKeys[0]);
        }
        if (!ack.duplicate()) {
            replicas.send("change");
        }
        return ack;
    }

    private static boolean batchStored(Connection c, String leaseId, long sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM result_batches WHERE lease_id=? AND sequence=?")) {
            ps.setString(1, leaseId);
            ps.setLong(2, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public LeaseJob leaseJob(String leaseId, String token) throws LeaseRejected {
        return tx.inTransaction(c -> {
            // Live only: an expired or ended lease (the job finished, or went to another attempt)
            // must not rewrite what that attempt left behind (docs/scheduling.md: 409).
            LiveLease live = requireLive(c, leaseClock.read(c), leaseId, token, false);
            return new LeaseJob(live.jobId(), live.attempt());
        });
    }

    // ---- ending ---------------------------------------------------------------------------

    @Override
    public JobView complete(String leaseId, JobCompletion completion) throws LeaseRejected {
        if (completion.verdict() == null || !completion.verdict().isAgentVerdict()) {
            throw new IllegalArgumentException("verdict must be passed, failed, infra_error or timed_out");
        }
        Optional<JobView> done = statements.completeIfLive(leaseId, completion);
        // Not completed in one step (SQLite, a repeat, a foreign or ended lease): this path answers
        // repeats idempotently and says why anything else is refused.
        JobView job = done.isPresent() ? done.get() : tx.inTransaction(c -> completeChecked(c, leaseId, completion));
        replicas.send("change");
        return job;
    }

    private JobView completeChecked(Connection c, String leaseId, JobCompletion completion) throws SQLException, LeaseRejected {
        for (int pass = 0; ; pass++) {
            long now = leaseClock.read(c);
            LiveLease live = requireLive(c, now, leaseId, completion.leaseToken(), true);
            if (LeaseOutcome.COMPLETED.stored().equals(live.endedOutcome())) {
                // Idempotent: the first completion under this lease won; repeat its answer.
                return RunRows.loadJob(c, live.jobId()).orElseThrow();
            }
            if (live.endedOutcome() != null) {
                throw new LeaseRejected("lease " + leaseId + " has ended (" + live.endedOutcome() + ")");
            }
            String at = Long.toString(now);
            JobState verdict;
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH counted AS (" + LeaseRules.COUNTED + ") " + LeaseRules.setVerdict(at) + " RETURNING jobs.state")) {
                ps.setString(1, leaseId);
                ps.setString(2, completion.verdict().wireName());
                ps.setString(3, completion.reason());
                ps.setString(4, completion.python());
                ps.setString(5, leaseId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        if (pass > 0) {
                            throw new LeaseRejected("lease " + leaseId + " changed while completing");
                        }
                        continue; // a concurrent completion or reaper pass won: answer as it decided
                    }
                    verdict = JobState.parse(rs.getString(1));
                }
            }
            if (verdict == JobState.PASSED) {
                try (PreparedStatement ps = c.prepareStatement("WITH counted AS (" + LeaseRules.COUNTED + ") "
                        + LeaseRules.recordBaseline("(SELECT * FROM jobs WHERE lease_id = ?)"))) {
                    ps.setString(1, leaseId);
                    ps.setString(2, leaseId);
                    ps.executeUpdate();
                }
            }
            endLease(c, leaseId, now, LeaseOutcome.COMPLETED);
            try (PreparedStatement ps = c.prepareStatement(LeaseRules.tallyAgent(
                    "'" + verdict.wireName() + "'", "(SELECT agent_id FROM leases WHERE id = ?)"))) {
                ps.setInt(1, quarantineAfter);
                ps.setString(2, leaseId);
                ps.executeUpdate();
            }
            return RunRows.loadJob(c, live.jobId()).orElseThrow();
        }
    }

    @Override
    public void release(String leaseId) {
        boolean requeued = tx.<Boolean, RuntimeException>inTransaction(c -> backToQueue(c, leaseId, LeaseOutcome.RELEASED));
        if (requeued) {
            replicas.send("jobs");
        }
    }

    @Override
    public void handBack(String leaseId, String token) throws LeaseRejected {
        tx.inTransaction(c -> {
            requireLive(c, leaseClock.read(c), leaseId, token, false);
            return backToQueue(c, leaseId, LeaseOutcome.HANDED_BACK);
        });
        replicas.send("jobs");
    }

    /** Returns a leased job to the queue without spending an attempt, ending its lease; false when it is no longer leased under it. */
    private boolean backToQueue(Connection c, String leaseId, LeaseOutcome outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET " + LeaseRules.BACK_TO_QUEUE
                + " WHERE id = (SELECT job_id FROM leases WHERE id = ?) AND lease_id = ? AND state = 'leased'")) {
            ps.setString(1, leaseId);
            ps.setString(2, leaseId);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        endLease(c, leaseId, leaseClock.read(c), outcome);
        return true;
    }

    private static void endLease(Connection c, String leaseId, long now, LeaseOutcome outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LeaseRules.endLease(Long.toString(now)))) {
            ps.setString(1, outcome.stored());
            ps.setString(2, leaseId);
            ps.executeUpdate();
        }
    }

    @Override
    public ReapResult reap() {
        ReapResult result = tx.<ReapResult, RuntimeException>inTransaction(c -> {
            long now = leaseClock.read(c);
            String at = Long.toString(now);
            List<String> requeued = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            record Expired(String jobId, String leaseId, int attempt, int maxAttempts, boolean cancelled) {}
            List<Expired> expiredLeases = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(LeaseRules.expiredLeases(at) + dialect.claimLockClause());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expiredLeases.add(new Expired(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5) != 0));
                }
            }
            for (Expired e : expiredLeases) {
                endLease(c, e.leaseId(), now, LeaseOutcome.EXPIRED);
                if (e.cancelled()) {
                    finish(c, e.jobId(), JobState.CANCELLED, "cancelled; the agent stopped answering", now);
                } else if (e.attempt() >= e.maxAttempts()) {
                    finish(c, e.jobId(), JobState.INFRA_ERROR, "lease expired on attempt " + e.attempt() + " of "
                            + e.maxAttempts() + " (agent lost)", now);
                    failed.add(e.jobId());
                } else {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE jobs SET " + LeaseRules.BACK_TO_QUEUE + ", attempt = attempt + 1 WHERE id = ?")) {
                        ps.setString(1, e.jobId());
                        ps.executeUpdate();
                    }
                    requeued.add(e.jobId());
                }
            }
            List<String> expired = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM jobs WHERE state='queued' AND pending_expires_at < ?" + dialect.claimLockClause())) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expired.add(rs.getString(1));
                    }
                }
            }
            for (String jobId : expired) {
                finish(c, jobId, JobState.EXPIRED, "no agent leased it before its pending expiry", now);
            }
            return new ReapResult(requeued, failed, expired, untilNextExpiry(c, now));
        });
        if (!result.requeuedJobs().isEmpty()) {
            replicas.send("jobs");
        }
        if (!result.infraFailedJobs().isEmpty() || !result.expiredJobs().isEmpty()) {
            replicas.send("change");
        }
        return result;
    }

    /** How long until the earliest live lease expires (index jobs_lease_expiry: its predicate, V17_6), or null when none is live. */
    private static Duration untilNextExpiry(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(lease_expires_at) FROM jobs WHERE state = 'leased' AND lease_expires_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long next = rs.getLong(1);
            return rs.wasNull() ? null : Duration.ofMillis(Math.max(0, next - now));
        }
    }

    private static void finish(Connection c, String jobId, JobState state, String reason, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET state=?, reason=?, finished_at=?, lease_expires_at=NULL WHERE id=?")) {
            ps.setString(1, state.wireName());
            ps.setString(2, reason);
            ps.setLong(3, now);
            ps.setString(4, jobId);
            ps.executeUpdate();
        }
    }
}
