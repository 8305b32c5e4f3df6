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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Agents per group claim statement: each gets a lease id and token made before the statement,
     * used or not, so a thousand waiting agents are asked for a few at a time, the next few only
     * while the queue still had a job for each of these.
     */
    static final int WAITING_PER_STATEMENT = 16;

    /**
     * Leases for waiting agents that offer the same (registered when they started waiting), in one
     * statement and one commit per {@link #WAITING_PER_STATEMENT} of them: the agents that may work
     * are numbered in their waiting order, as many of the best claimable jobs are locked (passed
     * over when another claim holds them, as in {@link #claimStatement}) and numbered in claim
     * order, and the k-th job goes to the k-th agent. A claim per agent cost a round trip and a
     * commit (a WAL flush) for every lease plus one more that found the queue empty, and a burst of
     * submissions to many waiting agents queued behind them one by one. Row locks are still held
     * for one statement only, so concurrent claims and completions never queue behind a group.
     * <p>The first row says how many of the agents may work (its lease columns null when none got
     * a job).
     */
    private String claimForWaitingStatement(int families) {
        return "WITH " + clockCte + ",\n"
                + "ready AS (SELECT w.agent_id, w.lease_id, w.token_hash, row_number() OVER (ORDER BY w.ord) AS n"
                + " FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS w(agent_id, lease_id, token_hash, ord)"
                + " JOIN agents a ON a.id = w.agent_id WHERE " + LeaseRules.MAY_WORK + "),\n"
                + "picked AS (" + LeaseRules.pickJobs(Dialect.POSTGRES, families, "(SELECT count(*) FROM ready)") + "),\n"
                + "paired AS (SELECT j.id AS job_id, r.agent_id, r.lease_id, r.token_hash"
                + " FROM (SELECT j.id, row_number() OVER (ORDER BY " + LeaseRules.CLAIM_ORDER + ") AS n FROM picked j) j"
                + " JOIN ready r ON r.n = j.n),\n"
                // By primary key from the pairs' few ids, whatever plan the pool's connection keeps.
                + "leased AS (" + LeaseRules.grantJob(NOW, "(SELECT p.lease_id FROM paired p WHERE p.job_id = jobs.id)",
                        "(SELECT p.agent_id FROM paired p WHERE p.job_id = jobs.id)")
                + " WHERE jobs.id = ANY (ARRAY(SELECT job_id FROM paired))"
                + " RETURNING jobs.id, jobs.run_pk, jobs.family, jobs.attempt, jobs.python_version, jobs.image,"
                + " jobs.agent_id, jobs.lease_expires_at, jobs.lease_id),\n"
                + "granted AS (" + LeaseRules.recordLease(NOW,
                        "(SELECT l.*, p.token_hash FROM leased l JOIN paired p ON p.lease_id = l.lease_id) g", "g.lease_id", "g.token_hash")
                + ")\n"
                + "SELECT e.agents, l.lease_id, l.agent_id, " + LeaseRules.JOB_SPEC
                + " FROM (SELECT count(*) AS agents FROM ready) e LEFT JOIN (leased l JOIN runs r ON r.id = l.run_pk) ON true";
    }

    @Override
    public List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts) {
        List<Lease> leases = new ArrayList<>();
        for (int from = 0; from < waiting.size(); from += WAITING_PER_STATEMENT) {
            List<AgentOffer> some = waiting.subList(from, Math.min(waiting.size(), from + WAITING_PER_STATEMENT));
            int before = leases.size();
            long mayWork;
            try {
                mayWork = tx.<Long, RuntimeException>singleStatement(c -> claimForWaiting(c, some, leases, ttl, maxAttempts));
            } catch (StoreException e) {
                if (leases.isEmpty()) {
                    throw e;
                }
                break; // the leases granted so far are committed: hand them out; the rest wait for the next pass
            }
            if (leases.size() - before < mayWork) {
                break; // the queue ran out before these agents did: nothing left for the others either
            }
        }
        return leases;
    }

    /** One group claim statement; adds the leases it granted, returns how many of these agents may work. */
    private long claimForWaiting(Connection c, List<AgentOffer> waiting, List<Lease> leases, Duration ttl, int maxAttempts)
            throws SQLException {
        AgentOffer offer = waiting.get(0);
        String[] agentIds = new String[waiting.size()];
        String[] leaseIds = new String[waiting.size()];
        String[] tokenHashes = new String[waiting.size()];
        Map<String, String> tokens = new HashMap<>();
        for (int k = 0; k < waiting.size(); k++) {
            String token = TokenHash.newToken();
            agentIds[k] = waiting.get(k).agentId();
            leaseIds[k] = UUID.randomUUID().toString();
            tokenHashes[k] = TokenHash.of(token);
            tokens.put(leaseIds[k], token);
        }
        try (PreparedStatement ps = c.prepareStatement(claimForWaitingStatement(offer.families().size()))) {
            int i = leaseClock.bind(ps, 1);
            ps.setArray(i++, c.createArrayOf("text", agentIds));
            ps.setArray(i++, c.createArrayOf("text", leaseIds));
            ps.setArray(i++, c.createArrayOf("text", tokenHashes));
            for (String f : offer.families()) {
                ps.setString(i++, f);
            }
            ps.setString(i++, JsonColumns.toJson(offer.labels()));
            ps.setLong(i++, ttl.toMillis());
            ps.setInt(i, maxAttempts);
            long mayWork = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mayWork = rs.getLong(1);
                    String leaseId = rs.getString(2);
                    if (leaseId != null) {
                        leases.add(LeaseRules.lease(rs, 3, leaseId, tokens.get(leaseId), rs.getString(3)));
                    }
                }
            }
            return mayWork;
        }
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
