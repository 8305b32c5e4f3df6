package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.messages.JobView;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL's lease operations, each one autocommit statement and one round trip, so that a
 * lease operation costs one commit like a pgbench transaction. Each does its work only when the
 * lease is live and the token its own; when it changes nothing, {@link JdbcStore} runs its general
 * transactional path, which answers repeats and says why anything else is refused.
 */
final class PgLeaseStatements {
    private PgLeaseStatements() {
    }

    /** What one claim statement found: whether the agent may work at all, and its lease if a job was free. */
    record Claim(boolean agentMayWork, Optional<Lease> lease) {}

    /**
     * PostgreSQL: a claim in one statement and one round trip. It registers the agent (last seen,
     * what it offers; an agent already waiting is only read, so a claim that finds nothing writes
     * nothing) and, unless the agent is drained or quarantined, locks the best queued job
     * that its families and labels allow ({@code FOR UPDATE SKIP LOCKED}: a job another claim
     * holds is passed over, never waited for), leases it, records the lease with its token's hash,
     * and returns the job with its run and the family's previous test count.
     * <p>Every row after {@code picked} is reached by primary key, written so that no other index
     * can serve it: the pool's connections keep generic plans made when the tables were small, and
     * such a plan once scanned the whole queue (through the queued-jobs partial index) and every run
     * of the artifact group for each claim. The picked row needs no second state check: it is
     * locked, and {@code FOR UPDATE} re-checked it against its newest version.
     */
    private static final String PG_CLAIM = """
            WITH agent AS (%s),
            picked AS (
                SELECT j.id FROM jobs j
                WHERE j.state = 'queued' AND j.cancel_requested = 0 AND j.family IN (%s)
                  AND (j.required_labels = '[]' OR j.required_labels::jsonb <@ ?::jsonb)
                  AND (SELECT may_work FROM agent)
                ORDER BY j.priority_rank DESC, j.created_at, j.id
                LIMIT 1
                FOR UPDATE OF j SKIP LOCKED),
            leased AS (
                UPDATE jobs SET state = 'leased', lease_id = ?, agent_id = ?, lease_expires_at = ?, max_attempts = ?, started_at = ?
                WHERE jobs.id = (SELECT id FROM picked)
                RETURNING jobs.id, jobs.run_pk, jobs.family, jobs.attempt, jobs.python_version, jobs.image),
            granted AS (
                INSERT INTO leases (id, job_id, attempt, agent_id, token_hash, granted_at, expires_at)
                SELECT ?, id, attempt, ?, ?, ?, ? FROM leased)
            SELECT a.may_work, l.id, r.id, r.run_id, r.platform, r.artifact_group, r.version, l.family, l.attempt,
                   r.deps_index_url, r.run_index_url, r.find_links_url, r.packaging,
                   (SELECT b.tests FROM family_baselines b
                    WHERE b.family = l.family AND b.platform = r.platform AND b.artifact_group = r.artifact_group),
                   l.python_version, l.image
            FROM agent a LEFT JOIN (leased l JOIN runs r ON r.id = l.run_pk) ON true
            """;
    private static final String PG_REGISTER_AGENT = """
            INSERT INTO agents (id, gfx_targets, families, labels, last_seen, drained, quarantined, consecutive_infra_errors)
                VALUES (?, ?, ?, ?, ?, 0, 0, 0)
                ON CONFLICT (id) DO UPDATE SET gfx_targets = EXCLUDED.gfx_targets, families = EXCLUDED.families,
                    labels = EXCLUDED.labels, last_seen = EXCLUDED.last_seen
                RETURNING drained = 0 AND quarantined = 0 AS may_work""";
    private static final String PG_REGISTERED_AGENT = "SELECT drained = 0 AND quarantined = 0 AS may_work FROM agents WHERE id = ?";

    static Claim claim(Connection c, AgentOffer agent, boolean register, long now, Duration ttl, int maxAttempts)
            throws SQLException {
        long expires = now + ttl.toMillis();
        String leaseId = UUID.randomUUID().toString();
        String token = TokenHash.newToken();
        // One placeholder per family: a single family is then an equality, and the queue index
        // yields its jobs already in order, so the claim reads one row instead of sorting the queue.
        String families = String.join(",", Collections.nCopies(agent.families().size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(PG_CLAIM.formatted(register ? PG_REGISTER_AGENT : PG_REGISTERED_AGENT, families))) {
            int i = 1;
            ps.setString(i++, agent.agentId());
            if (register) {
                ps.setString(i++, JsonColumns.toJson(agent.gfxTargets()));
                ps.setString(i++, JsonColumns.toJson(agent.families()));
                ps.setString(i++, JsonColumns.toJson(agent.labels()));
                ps.setLong(i++, now);
            }
            for (String f : agent.families()) {
                ps.setString(i++, f);
            }
            ps.setString(i++, JsonColumns.toJson(agent.labels()));
            ps.setString(i++, leaseId);
            ps.setString(i++, agent.agentId());
            ps.setLong(i++, expires);
            ps.setInt(i++, maxAttempts);
            ps.setLong(i++, now);
            ps.setString(i++, leaseId);
            ps.setString(i++, agent.agentId());
            ps.setString(i++, TokenHash.of(token));
            ps.setLong(i++, now);
            ps.setLong(i++, expires);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Claim(false, Optional.empty()); // not registered (only a waiting claim reads it)
                }
                boolean mayWork = rs.getBoolean(1);
                if (rs.getString(2) == null) {
                    return new Claim(mayWork, Optional.empty());
                }
                int previous = rs.getInt(14);
                JobSpec job = new JobSpec(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        RunRows.group(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                        rs.getString(11), rs.getString(12), previous > 0 ? previous : null, rs.getString(13),
                        rs.getString(15), rs.getString(16));
                return new Claim(true, Optional.of(new Lease(leaseId, token, Instant.ofEpochMilli(expires), job, agent.agentId())));
            }
        }
    }

    /**
     * PostgreSQL: leases for a group of waiting agents that offer the same, in one statement and
     * one commit. The agents that may work (registered when they started waiting, neither drained
     * nor quarantined) are numbered in their waiting order, as many of the best queued jobs as there
     * are such agents are locked ({@code SKIP LOCKED}, as in {@link #PG_CLAIM}) and numbered in queue
     * order, and the k-th job goes to the k-th agent. A claim per agent cost a round trip and a
     * commit (a WAL flush) for each lease plus one more that found the queue empty; a burst of
     * submissions to a thousand waiting agents queued behind those one by one.
     * <p>The jobs are reached by primary key from the pairs (a join, not a scan: the pairs are few).
     */
    private static final String PG_CLAIM_FOR_WAITING = """
            WITH ready AS (
                SELECT w.agent_id, w.lease_id, w.token_hash, row_number() OVER (ORDER BY w.ord) AS n
                FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS w(agent_id, lease_id, token_hash, ord)
                JOIN agents a ON a.id = w.agent_id
                WHERE a.drained = 0 AND a.quarantined = 0),
            picked AS (
                SELECT j.id, j.priority_rank, j.created_at FROM jobs j
                WHERE j.state = 'queued' AND j.cancel_requested = 0 AND j.family IN (%s)
                  AND (j.required_labels = '[]' OR j.required_labels::jsonb <@ ?::jsonb)
                ORDER BY j.priority_rank DESC, j.created_at, j.id
                LIMIT (SELECT count(*) FROM ready)
                FOR UPDATE OF j SKIP LOCKED),
            paired AS (
                SELECT p.id AS job_id, r.agent_id, r.lease_id, r.token_hash
                FROM (SELECT id, row_number() OVER (ORDER BY priority_rank DESC, created_at, id) AS n FROM picked) p
                JOIN ready r ON r.n = p.n),
            leased AS (
                UPDATE jobs SET state = 'leased', lease_id = paired.lease_id, agent_id = paired.agent_id,
                    lease_expires_at = ?, max_attempts = ?, started_at = ?
                FROM paired WHERE jobs.id = paired.job_id
                RETURNING jobs.id, jobs.run_pk, jobs.family, jobs.attempt, jobs.python_version, jobs.image,
                    jobs.lease_id, jobs.agent_id, paired.token_hash),
            granted AS (
                INSERT INTO leases (id, job_id, attempt, agent_id, token_hash, granted_at, expires_at)
                SELECT lease_id, id, attempt, agent_id, token_hash, ?, ? FROM leased)
            SELECT l.lease_id, l.agent_id, l.id, r.id, r.run_id, r.platform, r.artifact_group, r.version, l.family, l.attempt,
                   r.deps_index_url, r.run_index_url, r.find_links_url, r.packaging,
                   (SELECT b.tests FROM family_baselines b
                    WHERE b.family = l.family AND b.platform = r.platform AND b.artifact_group = r.artifact_group),
                   l.python_version, l.image, e.agents
            FROM (SELECT count(*) AS agents FROM ready) e LEFT JOIN (leased l JOIN runs r ON r.id = l.run_pk) ON true
            """;

    /**
     * Agents per claim statement: each gets a lease id and token made before the statement, used
     * or not, so a thousand waiting agents are asked for a few at a time, the next few only while
     * the queue still had a job for each of these.
     */
    static final int WAITING_PER_STATEMENT = 16;

    /**
     * Leases for waiting agents that all offer the first one's families and labels (the
     * scheduler groups them so), in their order, as far as the queue has jobs for them.
     */
    static List<Lease> claimForWaiting(Connection c, List<AgentOffer> waiting, long now, Duration ttl, int maxAttempts)
            throws SQLException {
        List<Lease> leases = new ArrayList<>();
        for (int from = 0; from < waiting.size(); from += WAITING_PER_STATEMENT) {
            List<AgentOffer> some = waiting.subList(from, Math.min(waiting.size(), from + WAITING_PER_STATEMENT));
            int before = leases.size();
            long mayWork = claimForWaiting(c, some, leases, now, ttl, maxAttempts);
            if (leases.size() - before < mayWork) {
                break; // the queue ran out before these agents did: nothing left for the others either
            }
        }
        return leases;
    }

    /** One statement for up to {@link #WAITING_PER_STATEMENT} agents; adds their leases, returns how many of them may work. */
    private static long claimForWaiting(Connection c, List<AgentOffer> waiting, List<Lease> leases, long now, Duration ttl,
                                        int maxAttempts) throws SQLException {
        AgentOffer offer = waiting.get(0);
        long expires = now + ttl.toMillis();
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
        String families = String.join(",", Collections.nCopies(offer.families().size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(PG_CLAIM_FOR_WAITING.formatted(families))) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("text", agentIds));
            ps.setArray(i++, c.createArrayOf("text", leaseIds));
            ps.setArray(i++, c.createArrayOf("text", tokenHashes));
            for (String f : offer.families()) {
                ps.setString(i++, f);
            }
            ps.setString(i++, JsonColumns.toJson(offer.labels()));
            ps.setLong(i++, expires);
            ps.setInt(i++, maxAttempts);
            ps.setLong(i++, now);
            ps.setLong(i++, now);
            ps.setLong(i, expires);
            long mayWork = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mayWork = rs.getLong(18);
                    String leaseId = rs.getString(1);
                    if (leaseId == null) {
                        continue; // no lease: the one row that says how many of these agents may work
                    }
                    int previous = rs.getInt(15);
                    JobSpec job = new JobSpec(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            RunRows.group(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getString(11),
                            rs.getString(12), rs.getString(13), previous > 0 ? previous : null, rs.getString(14),
                            rs.getString(16), rs.getString(17));
                    leases.add(new Lease(leaseId, tokens.get(leaseId), Instant.ofEpochMilli(expires), job, rs.getString(2)));
                }
            }
            return mayWork;
        }
    }

    /** A heartbeat that extends the job's lease and the lease record, if the lease is live and the token its own. */
    private static final String PG_HEARTBEAT = """
            WITH job AS (
                UPDATE jobs SET lease_expires_at = ?
                WHERE lease_id = ? AND state = 'leased' AND id = (
                    SELECT job_id FROM leases WHERE id = ? AND token_hash = ? AND ended_at IS NULL AND expires_at >= ?)
                RETURNING cancel_requested),
            extended AS (
                UPDATE leases SET expires_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM job))
            SELECT cancel_requested FROM job
            """;

    /**
     * PostgreSQL: a heartbeat in one statement. The token is compared as its hash in SQL: equal
     * hashes of a 256-bit random token leak nothing by their timing that could forge it.
     */
    static Optional<HeartbeatReply> heartbeat(Connection c, String leaseId, String token, long now, Duration ttl) throws SQLException {
        long expires = now + ttl.toMillis();
        try (PreparedStatement ps = c.prepareStatement(PG_HEARTBEAT)) {
            ps.setLong(1, expires);
            ps.setString(2, leaseId);
            ps.setString(3, leaseId);
            ps.setString(4, TokenHash.of(token == null ? "" : token));
            ps.setLong(5, now);
            ps.setLong(6, expires);
            ps.setString(7, leaseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new HeartbeatReply(Instant.ofEpochMilli(expires), rs.getInt(1) != 0)) : Optional.empty();
            }
        }
    }

    /** A completion that counts the counts, ends the lease and tallies the agent's outcome. */
    private static final String PG_COMPLETE = """
            WITH counted AS (
                -- the same classes as Counts.plus
                -- (kept per batch when it was stored: V17_3)
                SELECT COALESCE(SUM(passed), 0) AS passed, COALESCE(SUM(skipped), 0) AS skipped,
                       COALESCE(SUM(result_count), 0) AS total, COALESCE(SUM(tests), 0) AS tests
                FROM result_batches WHERE lease_id = ?),
            job AS (
                UPDATE jobs SET state = CASE WHEN cancel_requested <> 0 THEN 'cancelled' ELSE ? END,
                    passed = counted.passed, failed = counted.total - counted.passed - counted.skipped,
                    skipped = counted.skipped, reason = ?, python = ?, finished_at = ?, lease_expires_at = NULL
                FROM counted
                WHERE jobs.lease_id = ? AND jobs.state = 'leased' AND jobs.id = (
                    SELECT job_id FROM leases WHERE id = ? AND token_hash = ? AND ended_at IS NULL AND expires_at >= ?)
                RETURNING jobs.id, jobs.family, jobs.state, jobs.attempt, jobs.agent_id, jobs.passed, jobs.failed,
                    jobs.skipped, jobs.reason, jobs.created_at, jobs.started_at, jobs.finished_at, jobs.python_version,
                    jobs.image, jobs.python, jobs.run_pk),
            baseline AS (
                -- JdbcStore.FAMILY_BASELINE_UPSERT's rule, on the rows this statement just wrote
                INSERT INTO family_baselines (family, platform, artifact_group, tests, finished_at)
                SELECT job.family, u.platform, u.artifact_group, counted.tests, job.finished_at
                FROM job JOIN runs u ON u.id = job.run_pk CROSS JOIN counted
                WHERE job.state = 'passed'
                ON CONFLICT (family, platform, artifact_group) DO UPDATE
                    SET tests = EXCLUDED.tests, finished_at = EXCLUDED.finished_at
                    WHERE family_baselines.finished_at <= EXCLUDED.finished_at),
            ended AS (
                UPDATE leases SET ended_at = ?, outcome = 'completed'
                WHERE id = ? AND EXISTS (SELECT 1 FROM job)
                RETURNING agent_id),
            tallied AS (
                UPDATE agents SET
                    consecutive_infra_errors = CASE WHEN (SELECT state FROM job) = 'infra_error'
                        THEN consecutive_infra_errors + 1 ELSE 0 END,
                    quarantined = CASE WHEN (SELECT state FROM job) = 'infra_error' AND consecutive_infra_errors + 1 >= ?
                        THEN 1 ELSE quarantined END
                WHERE id = (SELECT agent_id FROM ended))
            SELECT * FROM job
            """;

    /**
     * PostgreSQL: the completion of a live lease in one statement. The job row is updated first
     * and only while it is still leased under this lease: a concurrent completion, release or
     * reaper pass has either changed it already (nothing happens here) or waits for this one.
     */
    static Optional<JobView> complete(Connection c, String leaseId, JobCompletion completion, long now, int quarantineAfter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PG_COMPLETE)) {
            ps.setString(1, leaseId);
            ps.setString(2, completion.verdict().wireName());
            ps.setString(3, completion.reason());
            ps.setString(4, completion.python());
            ps.setLong(5, now);
            ps.setString(6, leaseId);
            ps.setString(7, leaseId);
            ps.setString(8, TokenHash.of(completion.leaseToken() == null ? "" : completion.leaseToken()));
            ps.setLong(9, now);
            ps.setLong(10, now);
            ps.setString(11, leaseId);
            ps.setInt(12, quarantineAfter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RunRows.jobView(rs)) : Optional.empty();
            }
        }
    }
}
