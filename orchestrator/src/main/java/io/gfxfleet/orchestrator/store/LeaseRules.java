package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.messages.JobState;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;

/**
 * Every lease rule, written once as SQL. Both ways of running them ({@link PgLeaseStatements}: one
 * statement per operation; {@link SqliteLeaseStatements} and {@link JdbcLeaseStore}'s general
 * path: several statements in one transaction) compose these pieces, so a rule changed here
 * changes for both databases. {@code now} arguments are SQL for the lease clock's time
 * ({@link LeaseClock}): a CTE's column in one statement, a literal read once per transaction.
 */
final class LeaseRules {
    private LeaseRules() {
    }

    // ---- which agent may work, which job it gets -------------------------------------------

    /** An agent may take work unless an operator drained it or it was quarantined. */
    static final String MAY_WORK = "drained = 0 AND quarantined = 0";

    /**
     * Registers the agent (what it offers, when it was last here) and answers whether it may work.
     * Parameters: id, gfx targets, families, labels (JSON lists), last seen. Two concurrent first
     * visits of one agent do not fail each other.
     */
    static final String REGISTER_AGENT = """
            INSERT INTO agents (id, gfx_targets, families, labels, last_seen, drained, quarantined, consecutive_infra_errors)
                VALUES (?, ?, ?, ?, ?, 0, 0, 0)
                ON CONFLICT (id) DO UPDATE SET gfx_targets = excluded.gfx_targets, families = excluded.families,
                    labels = excluded.labels, last_seen = excluded.last_seen
                RETURNING""" + " " + MAY_WORK + " AS may_work";

    /** Whether an agent that registered when it started waiting may still work (no row: unknown agent). Parameter: id. */
    static final String REGISTERED_AGENT = "SELECT " + MAY_WORK + " AS may_work FROM agents WHERE id = ?";

    /** A job a claim may take: queued, and no cancel asked for. */
    static final String CLAIMABLE = "j.state = 'queued' AND j.cancel_requested = 0";

    /** The claim order: the run's priority, then the oldest first, the id breaking ties (index jobs_claim_order). */
    static final String CLAIM_ORDER = "j.priority_rank DESC, j.created_at, j.id";

    /**
     * The job a claim takes: claimable, of one of the agent's families, every required label among
     * its offer, first in claim order; locked on PostgreSQL, where a job another claim holds is
     * passed over, never waited for. Parameters: each family (one placeholder each: a single
     * family is then an equality, and the queue index yields its jobs already in order), then the
     * agent's labels as a JSON list. {@code alsoRequire}: a further condition, or "".
     */
    static String pickJob(Dialect dialect, int families, String alsoRequire) {
        return "SELECT j.id" + claimableFor(dialect, families) + alsoRequire
                + " ORDER BY " + CLAIM_ORDER + " LIMIT 1" + dialect.claimLockClause("j");
    }

    /**
     * The first {@code limit} (SQL) jobs {@link #pickJob} would take one after another, with the
     * columns of {@link #CLAIM_ORDER}, for numbering them in that order. Same parameters.
     */
    static String pickJobs(Dialect dialect, int families, String limit) {
        return "SELECT j.id, j.priority_rank, j.created_at" + claimableFor(dialect, families)
                + " ORDER BY " + CLAIM_ORDER + " LIMIT " + limit + dialect.claimLockClause("j");
    }

    private static String claimableFor(Dialect dialect, int families) {
        return " FROM jobs j WHERE " + CLAIMABLE
                + " AND j.family IN (" + String.join(",", Collections.nCopies(families, "?")) + ")"
                + " AND " + dialect.jsonListWithin("j.required_labels");
    }

    // ---- granting -------------------------------------------------------------------------

    /**
     * Leases a job: the lease expires a TTL from now. Parameters: lease id, agent id, TTL in
     * milliseconds, max attempts; the caller adds which job (WHERE).
     */
    static String grantJob(String now) {
        return grantJob(now, "?", "?");
    }

    /** {@link #grantJob(String)} with the lease id and agent id from SQL ({@code ?}: a parameter, in that order). */
    static String grantJob(String now, String leaseId, String agentId) {
        return "UPDATE jobs SET state = 'leased', lease_id = " + leaseId + ", agent_id = " + agentId
                + ", lease_expires_at = " + now + " + ?, max_attempts = ?, started_at = " + now;
    }

    /**
     * Records a grant in the lease history, from the granted job's row in {@code source} (its id,
     * attempt, agent and expiry). Parameters: lease id, the token's hash, then any of {@code source}.
     */
    static String recordLease(String now, String source) {
        return recordLease(now, source, "?", "?");
    }

    /** {@link #recordLease(String, String)} with the lease id and token hash from SQL ({@code ?}: a parameter, in that order). */
    static String recordLease(String now, String source, String leaseId, String tokenHash) {
        return "INSERT INTO leases (id, job_id, attempt, agent_id, token_hash, granted_at, expires_at)"
                + " SELECT " + leaseId + ", id, attempt, agent_id, " + tokenHash + ", " + now + ", lease_expires_at FROM " + source;
    }

    /**
     * What a lease hands the agent, from a granted job {@code l} and its run {@code r}: read by
     * {@link #jobSpec}. The family's previous test count is its baseline on the run's platform and
     * artifact group (kept on completion, see {@link #recordBaseline}).
     */
    static final String JOB_SPEC = "l.id, r.id, r.run_id, r.platform, r.artifact_group, r.version, l.family, l.attempt,"
            + " r.deps_index_url, r.run_index_url, r.find_links_url, r.packaging,"
            + " (SELECT b.tests FROM family_baselines b"
            + " WHERE b.family = l.family AND b.platform = r.platform AND b.artifact_group = r.artifact_group),"
            + " l.python_version, l.image, l.lease_expires_at";

    /** The lease from {@link #JOB_SPEC}'s columns after {@code skip} leading ones. */
    static Lease lease(ResultSet rs, int skip, String leaseId, String token, String agentId) throws SQLException {
        int k = skip;
        int previous = rs.getInt(k + 13);
        JobSpec job = new JobSpec(rs.getString(k + 1), rs.getString(k + 2), rs.getString(k + 3), rs.getString(k + 4),
                RunRows.group(rs.getString(k + 5)), rs.getString(k + 6), rs.getString(k + 7), rs.getInt(k + 8),
                rs.getString(k + 9), rs.getString(k + 10), rs.getString(k + 11), previous > 0 ? previous : null,
                rs.getString(k + 12), rs.getString(k + 14), rs.getString(k + 15));
        return new Lease(leaseId, token, Instant.ofEpochMilli(rs.getLong(k + 16)), job, agentId);
    }

    // ---- holding --------------------------------------------------------------------------

    /**
     * The job of a live lease whose token this is: not ended, and not yet expired (a lease is live
     * while now is before its expiry). Parameters: lease id, token hash.
     */
    static String liveLeaseJob(String now) {
        return "SELECT job_id FROM leases WHERE id = ? AND token_hash = ? AND ended_at IS NULL AND expires_at > " + now;
    }

    /** Whether a lease that expires at {@code expiresAt} has expired at {@code now}: {@link #liveLeaseJob}'s rule. */
    static boolean expired(long expiresAt, long now) {
        return expiresAt <= now;
    }

    /** Leased jobs whose lease has expired, for the reaper (the same rule as {@link #expired}). */
    static String expiredLeases(String now) {
        return "SELECT id, lease_id, attempt, max_attempts, cancel_requested FROM jobs"
                + " WHERE state = 'leased' AND lease_expires_at <= " + now;
    }

    // ---- ending ---------------------------------------------------------------------------

    /** Ends a lease in the record, once. Parameters: the {@link LeaseOutcome}'s stored text, lease id. */
    static String endLease(String now) {
        return "UPDATE leases SET ended_at = " + now + ", outcome = ? WHERE id = ? AND ended_at IS NULL";
    }

    /** A job back in the queue: no lease, no agent (an expired lease also spends an attempt: attempt + 1). */
    static final String BACK_TO_QUEUE = "state = 'queued', lease_id = NULL, agent_id = NULL, lease_expires_at = NULL, started_at = NULL";

    /**
     * A lease's counts from its batches' summaries (V17_3; tests leave out the plan's own checks,
     * {@code TestResult.PLAN_COMPONENT}). Parameter: lease id. Columns: passed, skipped, total, tests;
     * failed is the rest ({@link #FAILED}).
     */
    static final String COUNTED = "SELECT COALESCE(SUM(passed), 0) AS passed, COALESCE(SUM(skipped), 0) AS skipped,"
            + " COALESCE(SUM(result_count), 0) AS total, COALESCE(SUM(tests), 0) AS tests FROM result_batches WHERE lease_id = ?";

    /** Failed results from {@link #COUNTED}'s columns: everything neither passed nor skipped (as {@code Counts.plus}). */
    static final String FAILED = "counted.total - counted.passed - counted.skipped";

    /**
     * The verdict on a leased job, with its counts from a CTE {@code counted} ({@link #COUNTED}): a
     * cancel asked for while it ran makes it cancelled whatever the agent says. Parameters:
     * verdict, reason, python, lease id; only while the job is still leased under that lease.
     */
    static String setVerdict(String now) {
        return "UPDATE jobs SET state = CASE WHEN cancel_requested <> 0 THEN '" + JobState.CANCELLED.wireName() + "' ELSE ? END,"
                + " passed = counted.passed, failed = " + FAILED + ", skipped = counted.skipped,"
                + " reason = ?, python = ?, finished_at = " + now + ", lease_expires_at = NULL"
                + " FROM counted WHERE jobs.lease_id = ? AND jobs.state = 'leased'";
    }

    /**
     * A passed job becomes its family's baseline for its platform and artifact group, unless a
     * later one already is. {@code job}: the completed job's row (with a CTE {@code counted}).
     * <p>A baseline that already holds the job's test count (a suite's usual case) is left as it
     * is, read without a lock: the upsert locks the family's one row until its transaction
     * commits, so every passed completion of a family waited for the one before it and its WAL
     * flush (PostgreSQL under 200 jobs/s: the most frequent lock wait). The row keeps the time of
     * the first job with that count, which only matters if an earlier-finished job with another
     * count commits after a later one with the same count: it then becomes the baseline.
     */
    static String recordBaseline(String job) {
        return "INSERT INTO family_baselines (family, platform, artifact_group, tests, finished_at)"
                + " SELECT job.family, u.platform, u.artifact_group, counted.tests, job.finished_at"
                + " FROM " + job + " job JOIN runs u ON u.id = job.run_pk CROSS JOIN counted"
                + " WHERE job.state = '" + JobState.PASSED.wireName() + "'"
                + " AND NOT EXISTS (SELECT 1 FROM family_baselines kept WHERE kept.family = job.family"
                + " AND kept.platform = u.platform AND kept.artifact_group = u.artifact_group AND kept.tests = counted.tests)"
                + " ON CONFLICT (family, platform, artifact_group) DO UPDATE"
                + " SET tests = excluded.tests, finished_at = excluded.finished_at"
                + " WHERE family_baselines.finished_at <= excluded.finished_at";
    }

    /**
     * K consecutive infra errors quarantine an agent (a broken runner must not eat the queue); any
     * other verdict resets the streak. {@code verdict} and {@code agent}: SQL for the job's final
     * state and the agent's id. Parameter: K, after any of {@code verdict}'s.
     */
    static String tallyAgent(String verdict, String agent) {
        String infra = "'" + JobState.INFRA_ERROR.wireName() + "'";
        return "UPDATE agents SET consecutive_infra_errors = CASE WHEN " + verdict + " = " + infra
                + " THEN consecutive_infra_errors + 1 ELSE 0 END,"
                + " quarantined = CASE WHEN " + verdict + " = " + infra + " AND consecutive_infra_errors + 1 >= ?"
                + " THEN 1 ELSE quarantined END WHERE id = " + agent;
    }
}
