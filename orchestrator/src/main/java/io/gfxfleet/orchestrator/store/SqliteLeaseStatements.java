package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobView;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQLite's lease operations: {@link LeaseRules}' pieces as separate statements in one transaction
 * (SQLite has no data-modifying CTEs, and in process a statement costs no round trip). One writer
 * connection makes a claim's pick-then-lease exclusive without row locks. Heartbeats and
 * completions have no faster form here: {@link JdbcLeaseStore}'s general path is SQLite's path.
 */
final class SqliteLeaseStatements implements LeaseStatements {
    private final Transactions tx;
    private final LeaseClock leaseClock;
    private final Clock clock;

    SqliteLeaseStatements(Transactions tx, LeaseClock leaseClock, Clock clock) {
        this.tx = tx;
        this.leaseClock = leaseClock;
        this.clock = clock;
    }

    @Override
    public Claim claim(AgentOffer agent, boolean register, Duration ttl, int maxAttempts) {
        return tx.<Claim, RuntimeException>inTransaction(c -> {
            if (!mayWork(c, agent, register)) {
                return new Claim(false, Optional.empty());
            }
            return new Claim(true, grant(c, agent, leaseClock.read(c), ttl, maxAttempts));
        });
    }

    @Override
    public List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts) {
        return tx.<List<Lease>, RuntimeException>inTransaction(c -> {
            long now = leaseClock.read(c);
            List<Lease> leases = new ArrayList<>();
            for (AgentOffer agent : waiting) {
                // Registered when it started waiting; an operator may have drained it since.
                if (!mayWork(c, agent, false)) {
                    continue;
                }
                Optional<Lease> lease = grant(c, agent, now, ttl, maxAttempts);
                if (lease.isEmpty()) {
                    break; // the others offer the same: nothing left for them either
                }
                leases.add(lease.get());
            }
            return leases;
        });
    }

    @Override
    public Optional<HeartbeatReply> heartbeatIfLive(String leaseId, String token, Duration ttl) {
        return Optional.empty();
    }

    @Override
    public Optional<JobView> completeIfLive(String leaseId, JobCompletion completion) {
        return Optional.empty();
    }

    private boolean mayWork(Connection c, AgentOffer agent, boolean register) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(register ? LeaseRules.REGISTER_AGENT : LeaseRules.REGISTERED_AGENT)) {
            ps.setString(1, agent.agentId());
            if (register) {
                ps.setString(2, JsonColumns.toJson(agent.gfxTargets()));
                ps.setString(3, JsonColumns.toJson(agent.families()));
                ps.setString(4, JsonColumns.toJson(agent.labels()));
                ps.setLong(5, clock.millis());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Picks, leases and records the agent's job, or nothing when none is free for it. */
    private Optional<Lease> grant(Connection c, AgentOffer agent, long now, Duration ttl, int maxAttempts) throws SQLException {
        String jobId;
        try (PreparedStatement ps = c.prepareStatement(LeaseRules.pickJob(Dialect.SQLITE, agent.families().size(), ""))) {
            int i = 1;
            for (String f : agent.families()) {
                ps.setString(i++, f);
            }
            ps.setString(i, JsonColumns.toJson(agent.labels()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                jobId = rs.getString(1);
            }
        }
        String at = Long.toString(now);
        String leaseId = UUID.randomUUID().toString();
        String token = TokenHash.newToken();
        try (PreparedStatement ps = c.prepareStatement(LeaseRules.grantJob(at) + " WHERE id = ? AND state = 'queued'")) {
            ps.setString(1, leaseId);
            ps.setString(2, agent.agentId());
            ps.setLong(3, ttl.toMillis());
            ps.setInt(4, maxAttempts);
            ps.setString(5, jobId);
            if (ps.executeUpdate() != 1) {
                // The only writer picked it in this transaction: cannot happen.
                throw new SQLException("job " + jobId + " changed under its claim");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(LeaseRules.recordLease(at, "jobs WHERE id = ?"))) {
            ps.setString(1, leaseId);
            ps.setString(2, TokenHash.of(token));
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + LeaseRules.JOB_SPEC + " FROM jobs l JOIN runs r ON r.id = l.run_pk WHERE l.id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(LeaseRules.lease(rs, 0, leaseId, token, agent.agentId()));
            }
        }
    }
}
