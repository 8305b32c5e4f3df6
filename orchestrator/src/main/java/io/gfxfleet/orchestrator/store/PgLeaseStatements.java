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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL's lease operations, each {@link LeaseRules}' pieces joined into one autocommit
 * statement and one round trip (data-modifying CTEs), so that a lease operation costs one commit
 * like a pgbench transaction. Each takes the time once, from the lease clock, in its first CTE.
 */
final class PgLeaseStatements implements LeaseStatements {
    /** The statement's one reading of the lease clock, for every time it writes or compares. */
    private static final String NOW = "(SELECT now FROM clock)";

    private final Transactions tx;
    private final LeaseClock leaseClock;
    private final Clock clock;
    private final int quarantineAfter;
    private final String clockCte;
    // package-private: PostgresLeasePlansTest reads their plans
    final String heartbeatStatement;
    final String completeStatement;

    PgLeaseStatements(Transactions tx, LeaseClock leaseClock, Clock clock, int quarantineAfter) {
        this.tx = tx;
        this.leaseClock = leaseClock;
        this.clock = clock;
        this.quarantineAfter = quarantineAfter;
        this.clockCte = "clock AS MATERIALIZED (SELECT " + leaseClock.expression() + " AS now)";
        this.heartbeatStatement = heartbeat();
        this.completeStatement = complete();
    }

    /**
     * A claim in one statement: register (or read) the agent, and unless it may not work, pick,
     * lease and record the job, returning it with its run and the family's previous test count.
     * <p>Every row after {@code picked} is reached by primary key, written so that no other index
     * can serve it: the pool's connections keep generic plans made when the tables were small, and
     * such a plan once scanned the whole queue (through the queued-jobs partial index) and every run
     * of the artifact group for each claim. The picked row needs no second state check: it is
     * locked, and {@code FOR UPDATE} re-checked it against its newest version.
     */
    String claimStatement(boolean register, int families) {
        return "WITH " + clockCte + ",\n"
                + "agent AS (" + (register ? LeaseRules.REGISTER_AGENT : LeaseRules.REGISTERED_AGENT) + "),\n"
                + "picked AS (" + LeaseRules.pickJob(Dialect.POSTGRES, families, " AND (SELECT may_work FROM agent)") + "),\n"
                + "leased AS (" + LeaseRules.grantJob(NOW) + " WHERE jobs.id = (SELECT id FROM picked)"
                + " RETURNING jobs.id, jobs.run_pk, jobs.family, jobs.attempt, jobs.python_version, jobs.image,"
                + " jobs.agent_id, jobs.lease_expires_at),\n"
                + "granted AS (" + LeaseRules.recordLease(NOW, "leased") + ")\n"
                + "SELECT a.may_work, " + LeaseRules.JOB_SPEC
                + " FROM agent a LEFT JOIN (leased l JOIN runs r ON r.id = l.run_pk) ON true";
    }

    @Override
    public Claim claim(AgentOffer agent, boolean register, Duration ttl, int maxAttempts) {
        return tx.<Claim, RuntimeException>singleStatement(c -> claim(c, agent, register, ttl, maxAttempts));
    }

    @Override
    public List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts) {
        // One short transaction per lease: row locks are held for one statement, not for the
        // whole group, so concurrent claims and completions never queue behind a group.
        List<Lease> leases = new ArrayList<>();
        for (AgentOffer agent : waiting) {
            Claim claim = claim(agent, false, ttl, maxAttempts);
            if (claim.lease().isPresent()) {
                leases.add(claim.lease().get());
            } else if (claim.agentMayWork()) {
                break; // the others offer the same: nothing left for them either
            }
        }
        return leases;
    }

    private Claim claim(Connection c, AgentOffer agent, boolean register, Duration ttl, int maxAttempts) throws SQLException {
        String leaseId = UUID.randomUUID().toString();
        String token = TokenHash.newToken();
        try (PreparedStatement ps = c.prepareStatement(claimStatement(register, agent.families().size()))) {
            int i = leaseClock.bind(ps, 1);
            ps.setString(i++, agent.agentId());
            if (register) {
                ps.setString(i++, JsonColumns.toJson(agent.gfxTargets()));
                ps.setString(i++, JsonColumns.toJson(agent.families()));
                ps.setString(i++, JsonColumns.toJson(agent.labels()));
                ps.setLong(i++, clock.millis());
            }
            for (String f : agent.families()) {
                ps.setString(i++, f);
            }
            ps.setString(i++, JsonColumns.toJson(agent.labels()));
            ps.setString(i++, leaseId);
            ps.setString(i++, agent.agentId());
            ps.setLong(i++, ttl.toMillis());
            ps.setInt(i++, maxAttempts);
            ps.setString(i++, leaseId);
            ps.setString(i, TokenHash.of(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Claim(false, Optional.empty()); // not registered (only a waiting claim reads it)
                }
                boolean mayWork = rs.getBoolean(1);
                if (rs.getString(2) == null) {
                    return new Claim(mayWork, Optional.empty());
                }
                return new Claim(true, Optional.of(LeaseRules.lease(rs, 1, leaseId, token, agent.agentId())));
            }
        }
    }

    /**
     * A heartbeat that extends the job's lease and the lease record, if the lease is live and the
     * token its own. The token is compared as its hash in SQL: equal hashes of a 256-bit random
     * token leak nothing by their timing that could forge it.
     */
    private String heartbeat() {
        return "WITH " + clockCte + ",\n"
                + "job AS (UPDATE jobs SET lease_expires_at = " + NOW + " + ?"
                + " WHERE lease_id = ? AND state = 'leased' AND id = (" + LeaseRules.liveLeaseJob(NOW) + ")"
                + " RETURNING cancel_requested, lease_expires_at),\n"
                + "extended AS (UPDATE leases SET expires_at = (SELECT lease_expires_at FROM job)"
                + " WHERE id = ? AND EXISTS (SELECT 1 FROM job))\n"
                + "SELECT cancel_requested, lease_expires_at FROM job";
    }

    @Override
    public Optional<HeartbeatReply> heartbeatIfLive(String leaseId, String token, Duration ttl) {
        return tx.<Optional<HeartbeatReply>, RuntimeException>singleStatement(c -> {
            try (PreparedStatement ps = c.prepareStatement(heartbeatStatement)) {
                int i = leaseClock.bind(ps, 1);
                ps.setLong(i++, ttl.toMillis());
                ps.setString(i++, leaseId);
                ps.setString(i++, leaseId);
                ps.setString(i++, TokenHash.of(token == null ? "" : token));
                ps.setString(i, leaseId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new HeartbeatReply(Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(1) != 0))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * A completion that counts the results, sets the verdict, keeps the baseline, ends the lease
     * and tallies the agent's outcome. The job row is updated first and only while it is still
     * leased under this lease: a concurrent completion, release or reaper pass has either changed
     * it already (nothing happens here) or waits for this one.
     */
    private String complete() {
        return "WITH " + clockCte + ",\n"
                + "counted AS (" + LeaseRules.COUNTED + "),\n"
                + "job AS (" + LeaseRules.setVerdict(NOW) + " AND jobs.id = (" + LeaseRules.liveLeaseJob(NOW) + ")"
                + " RETURNING jobs.id, jobs.family, jobs.state, jobs.attempt, jobs.agent_id, jobs.passed, jobs.failed,"
                + " jobs.skipped, jobs.reason, jobs.created_at, jobs.started_at, jobs.finished_at, jobs.python_version,"
                + " jobs.image, jobs.python, jobs.run_pk),\n"
                + "baseline AS (" + LeaseRules.recordBaseline("job") + "),\n"
                + "ended AS (" + LeaseRules.endLease(NOW) + " AND EXISTS (SELECT 1 FROM job) RETURNING agent_id),\n"
                + "tallied AS (" + LeaseRules.tallyAgent("(SELECT state FROM job)", "(SELECT agent_id FROM ended)") + ")\n"
                + "SELECT * FROM job";
    }

    @Override
    public Optional<JobView> completeIfLive(String leaseId, JobCompletion completion) {
        return tx.<Optional<JobView>, RuntimeException>singleStatement(c -> {
            try (PreparedStatement ps = c.prepareStatement(completeStatement)) {
                int i = leaseClock.bind(ps, 1);
                ps.setString(i++, leaseId);
                ps.setString(i++, completion.verdict().wireName());
                ps.setString(i++, completion.reason());
                ps.setString(i++, completion.python());
                ps.setString(i++, leaseId);
                ps.setString(i++, leaseId);
                ps.setString(i++, TokenHash.of(completion.leaseToken() == null ? "" : completion.leaseToken()));
                ps.setString(i++, LeaseOutcome.COMPLETED.stored());
                ps.setString(i++, leaseId);
                ps.setInt(i, quarantineAfter);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RunRows.jobView(rs)) : Optional.empty();
                }
            }
        });
    }
}
