package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.AgentView;
import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.Counts;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.messages.OfferLabels;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link Store} on JDBC: the same transactional SQL serves SQLite and PostgreSQL; on PostgreSQL
 * the lease operations first try their one-statement form ({@link PgLeaseStatements}).
 */
public final class JdbcStore implements Store {
    private static final Duration DEFAULT_PENDING_EXPIRY = Duration.ofHours(24);
    private static final int DEFAULT_QUARANTINE_AFTER = 3;

    private final Database database;
    private final Transactions tx;
    private final ResultRows resultRows = new ResultRows();
    private final DashboardQueries dashboard;
    private final Clock clock;
    private final Duration pendingExpiry;
    private final int quarantineAfter;
    /** PostgreSQL only: tells the other orchestrators what this one committed. */
    private final ReplicaSignals replicas;

    public JdbcStore(Database database, Clock clock) {
        this(database, clock, DEFAULT_PENDING_EXPIRY);
    }

    public JdbcStore(Database database, Clock clock, Duration pendingExpiry) {
        this(database, clock, pendingExpiry, DEFAULT_QUARANTINE_AFTER);
    }

    public JdbcStore(Database database, Clock clock, Duration pendingExpiry, int quarantineAfter) {
        this.quarantineAfter = quarantineAfter;
        this.database = database;
        this.tx = new Transactions(database.dataSource());
        this.dashboard = new DashboardQueries(tx);
        this.clock = clock;
        this.pendingExpiry = pendingExpiry;
        this.replicas = database.dialect() == Dialect.POSTGRES ? new ReplicaSignals(database.dataSource()) : null;
    }

    /**
     * Identifies this store's own signals among the notifications on {@link PgNotifications#CHANNEL}
     * (its scheduler already knows); empty on SQLite, which has no replicas.
     */
    public String signalOrigin() {
        return replicas == null ? "" : replicas.origin();
    }

    private long now() {
        return clock.millis();
    }

    // ---- runs ---------------------------------------------------------------------------------

    @Override
    public RunCreation createRun(NewRun run) {
        RunCreation creation = tx.<RunCreation, RuntimeException>inTransaction(c -> {
            Optional<String> existing = findRunKey(c, run);
            if (existing.isPresent()) {
                return new RunCreation(RunRows.loadRun(c, existing.get()).orElseThrow(), false);
            }
            String id = UUID.randomUUID().toString();
            long now = now();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO runs (id, run_id, platform, artifact_group, version, priority, priority_rank,"
                            + " deps_index_url, run_index_url, find_links_url, warnings, created_at, packaging,"
                            + " repository, commit_sha, pull_request, workflow_run_url, server_url)"
                            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, run.runId());
                ps.setString(3, run.platform().wireName());
                ps.setString(4, RunRows.storedGroup(run.artifactGroup()));
                ps.setString(5, run.version().text());
                ps.setString(6, run.priority().wireName());
                ps.setInt(7, run.priority().rank());
                ps.setString(8, run.depsIndexUrl());
                ps.setString(9, run.runIndexUrl());
                ps.setString(10, run.findLinksUrl());
                ps.setString(11, JsonColumns.toJson(run.warnings()));
                ps.setLong(12, now);
                ps.setString(13, run.packaging() == null ? null : run.packaging().wireName());
                RunRows.bindProvenance(ps, 14, run.provenance());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jobs (id, run_pk, family, state, priority_rank, attempt, max_attempts, cancel_requested,"
                            + " passed, failed, skipped, created_at, pending_expires_at, required_labels, python_version, image)"
                            + " VALUES (?,?,?,?,?,1,?,0,0,0,0,?,?,?,?,?)")) {
                // One job per (family, Python version): each needs an agent offering that interpreter.
                List<String> pythons = run.pythonVersions().isEmpty() ? java.util.Collections.singletonList(null) : run.pythonVersions();
                for (String family : run.families()) for (String python : pythons) {
                    List<String> required = new ArrayList<>(run.requiredLabels());
                    if (python != null) {
                        required.add(OfferLabels.python(python));
                    }
                    String labels = JsonColumns.toJson(required);
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, id);
                    ps.setString(3, family);
                    ps.setString(4, JobState.QUEUED.wireName());
                    ps.setInt(5, run.priority().rank());
                    ps.setInt(6, 3);
                    ps.setLong(7, now);
                    ps.setLong(8, now + pendingExpiry.toMillis());
                    ps.setString(9, labels);
                    ps.setString(10, python);
                    ps.setString(11, run.image());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return new RunCreation(RunRows.loadRun(c, id).orElseThrow(), true);
        });
        if (creation.created()) {
            signalReplicas("jobs");
        }
        return creation;
    }

    private static Optional<String> findRunKey(Connection c, NewRun run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM runs WHERE run_id=? AND platform=? AND artifact_group=? AND version=?")) {
            ps.setString(1, run.runId());
            ps.setString(2, run.platform().wireName());
            ps.setString(3, RunRows.storedGroup(run.artifactGroup()));
            ps.setString(4, run.version().text());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<RunView> run(String id) {
        return tx.<Optional<RunView>, RuntimeException>inTransaction(c -> RunRows.loadRun(c, id));
    }

    @Override
    public List<RunView> recentRuns(int limit, int offset) {
        return tx.<List<RunView>, RuntimeException>inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return RunRows.loadRuns(c, ids);
        });
    }

    @Override
    public Optional<JobView> job(String jobId) {
        return tx.<Optional<JobView>, RuntimeException>inTransaction(c -> RunRows.loadJob(c, jobId));
    }

    // ---- leases -------------------------------------------------------------------------------

    @Override
    public Optional<Lease> claim(AgentOffer agent, Duration ttl, int maxAttempts) {
        if (agent.families().isEmpty()) {
            return Optional.empty();
        }
        if (database.dialect() == Dialect.POSTGRES) {
            return tx.<PgLeaseStatements.Claim, RuntimeException>singleStatement(c -> PgLeaseStatements.claim(c, agent, true, now(), ttl, maxAttempts)).lease();
        }
        return tx.<Optional<Lease>, RuntimeException>inTransaction(c -> {
            if (!registerAgent(c, agent)) {
                return Optional.empty();
            }
            JobSpec picked = pickJob(c, agent);
            return picked == null ? Optional.empty() : Optional.of(lease(c, agent.agentId(), picked, ttl, maxAttempts));
        });
    }

    @Override
    public List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts) {
        if (waiting.isEmpty() || waiting.get(0).families().isEmpty()) {
            return List.of();
        }
        if (database.dialect() == Dialect.POSTGRES) {
            // One statement for the whole group: its row locks are held for that statement only,
            // so concurrent claims and completions never queue behind a group.
            return tx.<List<Lease>, RuntimeException>singleStatement(c -> PgLeaseStatements.claimForWaiting(c, waiting, now(), ttl, maxAttempts));
        }
        return tx.<List<Lease>, RuntimeException>inTransaction(c -> {
            List<Lease> leases = new ArrayList<>();
            for (AgentOffer agent : waiting) {
                // Registered when it started waiting; an operator may have drained it since.
                if (!agentMayWork(c, agent.agentId())) {
                    continue;
                }
                JobSpec picked = pickJob(c, agent);
                if (picked == null) {
                    break; // the others offer the same: nothing left for them either
                }
                leases.add(lease(c, agent.agentId(), picked, ttl, maxAttempts));
            }
            return leases;
        });
    }

    private static boolean agentMayWork(Connection c, String agentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT drained, quarantined FROM agents WHERE id=?")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || (rs.getInt(1) == 0 && rs.getInt(2) == 0);
            }
        }
    }

    private Lease lease(Connection c, String agentId, JobSpec picked, Duration ttl, int maxAttempts) throws SQLException {
        long now = now();
        long expires = now + ttl.toMillis();
        String leaseId = UUID.randomUUID().toString();
        String token = TokenHash.newToken();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET state='leased', lease_id=?, agent_id=?, lease_expires_at=?, max_attempts=?,"
                        + " started_at=? WHERE id=? AND state='queued'")) {
            ps.setString(1, leaseId);
            ps.setString(2, agentId);
            ps.setLong(3, expires);
            ps.setInt(4, maxAttempts);
            ps.setLong(5, now);
            ps.setString(6, picked.jobId());
            if (ps.executeUpdate() != 1) {
                // pickJob locked the row (PostgreSQL) or is the only writer (SQLite): cannot happen.
                throw new SQLException("job " + picked.jobId() + " changed under its claim");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO leases (id, job_id, attempt, agent_id, token_hash, granted_at, expires_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, leaseId);
            ps.setString(2, picked.jobId());
            ps.setInt(3, picked.attempt());
            ps.setString(4, agentId);
            ps.setString(5, TokenHash.of(token));
            ps.setLong(6, now);
            ps.setLong(7, expires);
            ps.executeUpdate();
        }
        return new Lease(leaseId, token, Instant.ofEpochMilli(expires), picked, agentId);
    }

    /** How many queued candidates one claim looks at for a label match before giving up. */
    private static final int CLAIM_CANDIDATES = 32;

    /**
     * The best queued job this agent's families and labels allow, read together with its run so
     * the claim needs no second query. Candidates are read unlocked and only the chosen row is
     * locked (PostgreSQL, SKIP LOCKED): locking every candidate would hide the others from
     * concurrent claims for the whole transaction.
     */
    private JobSpec pickJob(Connection c, AgentOffer agent) throws SQLException {
        String placeholders = String.join(",", Collections.nCopies(agent.families().size(), "?"));
        List<JobSpec> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT j.id, r.id, r.run_id, r.platform, r.artifact_group, r.version, j.family, j.attempt,"
                        + " r.deps_index_url, r.run_index_url, r.find_links_url, j.required_labels, r.packaging, j.python_version, j.image"
                        + " FROM jobs j JOIN runs r ON r.id=j.run_pk"
                        + " WHERE j.state='queued' AND j.cancel_requested=0 AND j.family IN (" + placeholders + ")"
                        + " ORDER BY j.priority_rank DESC, j.created_at, j.id LIMIT " + CLAIM_CANDIDATES)) {
            int i = 1;
            for (String f : agent.families()) {
                ps.setString(i++, f);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (agent.labels().containsAll(JsonColumns.fromJson(rs.getString(12), JsonColumns.STRING_LIST))) {
                        candidates.add(new JobSpec(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                RunRows.group(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), null, rs.getString(13), rs.getString(14), rs.getString(15)));
                    }
                }
            }
        }
        for (JobSpec candidate : candidates) {
            if (lockIfStillQueued(c, candidate.jobId())) {
                return new JobSpec(candidate.jobId(), candidate.runKey(), candidate.runId(), candidate.platform(),
                        candidate.artifactGroup(), candidate.version(), candidate.family(), candidate.attempt(),
                        candidate.depsIndexUrl(), candidate.runIndexUrl(), candidate.findLinksUrl(),
                        previousTestCount(c, candidate.family(), candidate.platform(), RunRows.storedGroup(candidate.artifactGroup())),
                        candidate.packaging(), candidate.pythonVersion(), candidate.image());
            }
        }
        return null;
    }

    /** Locks one queued job for this transaction; false when another claim holds or took it. */
    private boolean lockIfStillQueued(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM jobs WHERE id=? AND state='queued'" + database.dialect().claimLockClause())) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Tests (not plan checks) the last passed job of this family ran on the same platform and
     * artifact group: the baseline for "far fewer tests ran than last time", kept on completion.
     */
    private static Integer previousTestCount(Connection c, String family, String platform, String group) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tests FROM family_baselines WHERE family=? AND platform=? AND artifact_group=?")) {
            ps.setString(1, family);
            ps.setString(2, platform);
            ps.setString(3, group);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0 ? rs.getInt(1) : null;
            }
        }
    }

    /**
     * Records that the agent was here and what it offers. Returns false when it may take no work
     * (drained by an operator, or quarantined after repeated infra errors).
     */
    private boolean registerAgent(Connection c, AgentOffer agent) throws SQLException {
        long now = now();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE agents SET gfx_targets=?, families=?, labels=?, last_seen=? WHERE id=? RETURNING drained, quarantined")) {
            ps.setString(1, JsonColumns.toJson(agent.gfxTargets()));
            ps.setString(2, JsonColumns.toJson(agent.families()));
            ps.setString(3, JsonColumns.toJson(agent.labels()));
            ps.setLong(4, now);
            ps.setString(5, agent.agentId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1) == 0 && rs.getInt(2) == 0;
                }
            }
        }
        // First visit; two concurrent first visits of one agent must not fail each other.
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO agents (id, gfx_targets, families, labels, last_seen, drained, quarantined,"
                        + " consecutive_infra_errors) VALUES (?,?,?,?,?,0,0,0) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, agent.agentId());
            insert.setString(2, JsonColumns.toJson(agent.gfxTargets()));
            insert.setString(3, JsonColumns.toJson(agent.families()));
            insert.setString(4, JsonColumns.toJson(agent.labels()));
            insert.setLong(5, now);
            insert.executeUpdate();
        }
        return true;
    }

    /** The live lease row behind a write, or a rejection saying why this writer may not write. */
    /** {@code endedOutcome} is null while the lease is live, else how it ended (completed, expired, ...). */
    private record LiveLease(String jobId, int attempt, boolean cancelRequested, JobState jobState, String endedOutcome) {}

    private LiveLease requireLive(Connection c, String leaseId, String token, boolean allowEnded) throws SQLException, LeaseRejected {
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
                if (!ended && (rs.getLong(4) < now() || !leaseId.equals(rs.getString(6)))) {
                    throw new LeaseRejected("lease " + leaseId + " has expired");
                }
                return new LiveLease(rs.getString(1), rs.getInt(2), rs.getInt(7) != 0, JobState.parse(rs.getString(8)),
                        ended ? rs.getString(9) : null);
            }
        }
    }

    @Override
    public void release(String leaseId) {
        boolean requeued = tx.<Boolean, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET state='queued', lease_id=NULL, agent_id=NULL, lease_expires_at=NULL, started_at=NULL"
                            + " WHERE id=(SELECT job_id FROM leases WHERE id=?) AND lease_id=? AND state='leased'")) {
                ps.setString(1, leaseId);
                ps.setString(2, leaseId);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            endLease(c, leaseId, now(), "released");
            return true;
        });
        if (requeued) {
            signalReplicas("jobs");
        }
    }

    @Override
    public void handBack(String leaseId, String token) throws LeaseRejected {
        tx.inTransaction(c -> {
            requireLive(c, leaseId, token, false);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET state='queued', lease_id=NULL, agent_id=NULL, lease_expires_at=NULL, started_at=NULL"
                            + " WHERE id=(SELECT job_id FROM leases WHERE id=?) AND lease_id=? AND state='leased'")) {
                ps.setString(1, leaseId);
                ps.setString(2, leaseId);
                ps.executeUpdate();
            }
            endLease(c, leaseId, now(), "handed-back");
            return null;
        });
        signalReplicas("jobs");
    }

    @Override
    public HeartbeatReply heartbeat(String leaseId, String token, Duration ttl) throws LeaseRejected {
        if (database.dialect() == Dialect.POSTGRES) {
            Optional<HeartbeatReply> extended =
                    tx.<Optional<HeartbeatReply>, RuntimeException>singleStatement(c -> PgLeaseStatements.heartbeat(c, leaseId, token, now(), ttl));
            if (extended.isPresent()) {
                return extended.get();
            }
            // Not extended: the general path below says why (unknown, foreign, ended, expired).
        }
        return tx.inTransaction(c -> {
            LiveLease live = requireLive(c, leaseId, token, false);
            long expires = now() + ttl.toMillis();
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
            // A resend of a batch stored before the lease ended is still acknowledged (the agent may
            // have lost the first answer); anything new needs the live lease.
            if (batchStored(c, leaseId, batch.sequence())) {
                requireLive(c, leaseId, batch.leaseToken(), true);
                return new BatchAck(batch.sequence(), true, 0);
            }
            LiveLease live = requireLive(c, leaseId, batch.leaseToken(), false);
            testKeys[0] = resultRows.insert(c, leaseId, batch.sequence(), live.jobId(), now(), batch.results());
            return new BatchAck(batch.sequence(), false, batch.results().size());
        });
        if (testKeys[0] != null) {
            resultRows.remember(testKeys[0]);
        }
        if (!ack.duplicate()) {
            signalReplicas("change");
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
    public JobView complete(String leaseId, JobCompletion completion) throws LeaseRejected {
        if (completion.verdict() == null || !completion.verdict().isAgentVerdict()) {
            throw new IllegalArgumentException("verdict must be passed, failed, infra_error or timed_out");
        }
        Optional<JobView> done = database.dialect() == Dialect.POSTGRES
                ? tx.<Optional<JobView>, RuntimeException>singleStatement(c -> PgLeaseStatements.complete(c, leaseId, completion, now(), quarantineAfter))
                : Optional.empty();
        // Not completed in one statement (SQLite, a repeat, a foreign or ended lease): the general
        // path answers repeats idempotently and says why anything else is refused.
        JobView job = done.isPresent() ? done.get() : tx.inTransaction(c -> completeChecked(c, leaseId, completion));
        signalReplicas("change");
        return job;
    }

    /**
     * A passed job becomes its family's baseline for its platform and artifact group, unless a later
     * one already is (PostgreSQL's one-statement completion applies the same rule in its own CTE).
     */
    private static final String FAMILY_BASELINE_UPSERT =
            "INSERT INTO family_baselines (family, platform, artifact_group, tests, finished_at)"
                    + " SELECT j.family, u.platform, u.artifact_group,"
                    + " (SELECT COALESCE(SUM(b.tests), 0) FROM result_batches b WHERE b.lease_id = j.lease_id), j.finished_at"
                    + " FROM jobs j JOIN runs u ON u.id = j.run_pk WHERE j.lease_id = ? AND j.state = 'passed'"
                    + " ON CONFLICT (family, platform, artifact_group) DO UPDATE"
                    + " SET tests = excluded.tests, finished_at = excluded.finished_at"
                    + " WHERE family_baselines.finished_at <= excluded.finished_at";

    private JobView completeChecked(Connection c, String leaseId, JobCompletion completion) throws SQLException, LeaseRejected {
        for (int pass = 0; ; pass++) {
            LiveLease live = requireLive(c, leaseId, completion.leaseToken(), true);
            if ("completed".equals(live.endedOutcome())) {
                // Idempotent: the first completion under this lease won; repeat its answer.
                return RunRows.loadJob(c, live.jobId()).orElseThrow();
            }
            if (live.endedOutcome() != null) {
                throw new LeaseRejected("lease " + leaseId + " has ended (" + live.endedOutcome() + ")");
            }
            Counts counts = countResults(c, leaseId);
            JobState verdict = live.cancelRequested() ? JobState.CANCELLED : completion.verdict();
            long now = now();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET state=?, passed=?, failed=?, skipped=?, reason=?, finished_at=?, lease_expires_at=NULL,"
                            + " python=? WHERE id=? AND lease_id=? AND state='leased'")) {
                ps.setString(1, verdict.wireName());
                ps.setInt(2, counts.passed());
                ps.setInt(3, counts.failed());
                ps.setInt(4, counts.skipped());
                ps.setString(5, completion.reason());
                ps.setLong(6, now);
                ps.setString(7, completion.python());
                ps.setString(8, live.jobId());
                ps.setString(9, leaseId);
                if (ps.executeUpdate() != 1) {
                    if (pass > 0) {
                        throw new LeaseRejected("lease " + leaseId + " changed while completing");
                    }
                    continue; // a concurrent completion or reaper pass won: answer as it decided
                }
            }
            if (verdict == JobState.PASSED) {
                try (PreparedStatement ps = c.prepareStatement(FAMILY_BASELINE_UPSERT)) {
                    ps.setString(1, leaseId);
                    ps.executeUpdate();
                }
            }
            endLease(c, leaseId, now, "completed");
            recordAgentOutcome(c, leaseId, verdict);
            return RunRows.loadJob(c, live.jobId()).orElseThrow();
        }
    }

    /** K consecutive infra errors quarantine an agent: a broken runner must not eat the queue. */
    private void recordAgentOutcome(Connection c, String leaseId, JobState verdict) throws SQLException {
        if (verdict != JobState.INFRA_ERROR) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE agents SET consecutive_infra_errors=0 WHERE id=(SELECT agent_id FROM leases WHERE id=?)")) {
                ps.setString(1, leaseId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE agents SET consecutive_infra_errors=consecutive_infra_errors+1,"
                        + " quarantined=CASE WHEN consecutive_infra_errors+1 >= ? THEN 1 ELSE quarantined END"
                        + " WHERE id=(SELECT agent_id FROM leases WHERE id=?)")) {
            ps.setInt(1, quarantineAfter);
            ps.setString(2, leaseId);
            ps.executeUpdate();
        }
    }

    // ---- agents -------------------------------------------------------------------------------

    @Override
    public List<AgentView> agents() {
        return tx.<List<AgentView>, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.id, a.gfx_targets, a.families, a.labels, a.last_seen, a.drained, a.quarantined,"
                            + " a.consecutive_infra_errors, (SELECT MIN(j.id) FROM jobs j WHERE j.agent_id=a.id AND j.state='leased')"
                            + " FROM agents a ORDER BY a.id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    List<AgentView> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new AgentView(rs.getString(1), JsonColumns.fromJson(rs.getString(2), JsonColumns.STRING_LIST),
                                JsonColumns.fromJson(rs.getString(3), JsonColumns.STRING_LIST), JsonColumns.fromJson(rs.getString(4), JsonColumns.STRING_LIST),
                                Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) != 0, rs.getInt(7) != 0, rs.getInt(8),
                                rs.getString(9)));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean setDrained(String agentId, boolean drained) {
        return updateAgent("UPDATE agents SET drained=? WHERE id=?", drained ? 1 : 0, agentId);
    }

    @Override
    public boolean liftQuarantine(String agentId) {
        return updateAgent("UPDATE agents SET quarantined=0, consecutive_infra_errors=? WHERE id=?", 0, agentId);
    }

    private boolean updateAgent(String sql, int value, String agentId) {
        return tx.<Boolean, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, value);
                ps.setString(2, agentId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> familiesWithoutAgents(List<String> families, Duration seenWithin) {
        // Asked per family in SQL: reading every agent's list into Java cost one JSON parse per
        // agent per submission (a thousand per run with a thousand agents).
        return withoutAgents("families", families, seenWithin);
    }

    @Override
    public List<String> labelsWithoutAgents(List<String> labels, Duration seenWithin) {
        return withoutAgents("labels", labels, seenWithin);
    }

    private List<String> withoutAgents(String column, List<String> values, Duration seenWithin) {
        // Autocommit reads, each answer on its own: no BEGIN/COMMIT round trip around them on
        // every submission's path to its dispatch.
        return tx.<List<String>, RuntimeException>singleStatement(c -> {
            List<String> missing = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM agents WHERE last_seen >= ? AND drained=0 AND quarantined=0 AND "
                            + database.dialect().jsonListContains(column) + " LIMIT 1")) {
                for (String value : values) {
                    ps.setLong(1, now() - seenWithin.toMillis());
                    ps.setString(2, value);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            missing.add(value);
                        }
                    }
                }
            }
            return missing;
        });
    }

    private static Counts countResults(Connection c, String leaseId) throws SQLException {
        return ResultRows.leaseCounts(c, leaseId);
    }

    /** After a commit: tells other orchestrators on the same PostgreSQL; a no-op on SQLite (one process). */
    private void signalReplicas(String kind) {
        if (replicas != null) {
            replicas.send(kind);
        }
    }

    private static void endLease(Connection c, String leaseId, long now, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET ended_at=?, outcome=? WHERE id=? AND ended_at IS NULL")) {
            ps.setLong(1, now);
            ps.setString(2, outcome);
            ps.setString(3, leaseId);
            ps.executeUpdate();
        }
    }

    @Override
    public ReapResult reap() {
        ReapResult result = tx.<ReapResult, RuntimeException>inTransaction(c -> {
            long now = now();
            List<String> requeued = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            List<String[]> expiredLeases = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, lease_id, attempt, max_attempts, cancel_requested FROM jobs WHERE state='leased' AND lease_expires_at < ?"
                            + database.dialect().claimLockClause())) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expiredLeases.add(new String[] {rs.getString(1), rs.getString(2),
                                String.valueOf(rs.getInt(3)), String.valueOf(rs.getInt(4)), String.valueOf(rs.getInt(5))});
                    }
                }
            }
            for (String[] row : expiredLeases) {
                String jobId = row[0];
                int attempt = Integer.parseInt(row[2]);
                int max = Integer.parseInt(row[3]);
                boolean cancelled = !"0".equals(row[4]);
                endLease(c, row[1], now, "expired");
                if (cancelled) {
                    finish(c, jobId, JobState.CANCELLED, "cancelled; the agent stopped answering", now);
                } else if (attempt >= max) {
                    finish(c, jobId, JobState.INFRA_ERROR, "lease expired on attempt " + attempt + " of " + max
                            + " (agent lost)", now);
                    failed.add(jobId);
                } else {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE jobs SET state='queued', attempt=attempt+1, lease_id=NULL, agent_id=NULL,"
                                    + " lease_expires_at=NULL, started_at=NULL WHERE id=?")) {
                        ps.setString(1, jobId);
                        ps.executeUpdate();
                    }
                    requeued.add(jobId);
                }
            }
            List<String> expired = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM jobs WHERE state='queued' AND pending_expires_at < ?" + database.dialect().claimLockClause())) {
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
            return new ReapResult(requeued, failed, expired);
        });
        if (!result.requeuedJobs().isEmpty()) {
            signalReplicas("jobs");
        }
        if (!result.infraFailedJobs().isEmpty() || !result.expiredJobs().isEmpty()) {
            signalReplicas("change");
        }
        return result;
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

    @Override
    public List<TestResult> results(String jobId) {
        return results(jobId, 0, Integer.MAX_VALUE);
    }

    @Override
    public List<TestResult> results(String jobId, long offset, int limit) {
        return tx.<List<TestResult>, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT r.step, r.component, r.test_id, r.class_name, r.method, r.status, r.duration_ms, r.message,"
                            + " r.details, r.subtests, r.python FROM results r JOIN jobs j ON j.id=r.job_id AND j.lease_id=r.lease_id"
                            + " WHERE r.job_id=? ORDER BY r.sequence, r.idx LIMIT ? OFFSET ?")) {
                ps.setString(1, jobId);
                ps.setLong(2, limit);
                ps.setLong(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    List<TestResult> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(resultRow(rs));
                    }
                    return out;
                }
            }
        });
    }

    /** One stored result from columns 1-11: step, component, test id, class, method, status, duration, message, details, subtests, python. */
    private static TestResult resultRow(ResultSet rs) throws SQLException {
        long d = rs.getLong(7);
        Long duration = rs.wasNull() ? null : d;
        String subtests = rs.getString(10);
        return new TestResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), TestStatus.parse(rs.getString(6)), duration, rs.getString(8),
                rs.getString(9), subtests == null ? List.of() : JsonColumns.fromJson(subtests, JsonColumns.SUBTESTS),
                rs.getString(11));
    }

    @Override
    public ResultPage resultsAfter(String jobId, ResultCursor after, int limit, ResultFilter filter) {
        List<String> failing = ResultFilter.failingStatuses();
        String statuses = filter == ResultFilter.ALL ? ""
                : " AND r.status " + (filter == ResultFilter.FAILURES ? "IN" : "NOT IN") + " ("
                + String.join(",", java.util.Collections.nCopies(failing.size(), "?")) + ")";
        return tx.<ResultPage, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT r.step, r.component, r.test_id, r.class_name, r.method, r.status, r.duration_ms, r.message,"
                            + " r.details, r.subtests, r.python, r.sequence, r.idx FROM results r"
                            + " JOIN jobs j ON j.id=r.job_id AND j.lease_id=r.lease_id"
                            + " WHERE r.job_id=? AND (r.sequence > ? OR (r.sequence = ? AND r.idx > ?))" + statuses
                            + " ORDER BY r.sequence, r.idx LIMIT ?")) {
                int i = 1;
                ps.setString(i++, jobId);
                ps.setLong(i++, after.sequence());
                ps.setLong(i++, after.sequence());
                ps.setInt(i++, after.index());
                if (filter != ResultFilter.ALL) {
                    for (String status : failing) {
                        ps.setString(i++, status);
                    }
                }
                ps.setInt(i, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    List<TestResult> out = new ArrayList<>();
                    ResultCursor last = null;
                    while (rs.next()) {
                        if (out.size() == limit) {
                            return new ResultPage(out, last);  // one more exists: the next page starts after the last shown
                        }
                        out.add(resultRow(rs));
                        last = new ResultCursor(rs.getLong(12), rs.getInt(13));
                    }
                    return new ResultPage(out, null);
                }
            }
        });
    }

    @Override
    public int cancelRun(String runKey) {
        return tx.<Integer, RuntimeException>inTransaction(c -> {
            long now = now();
            int n;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET state='cancelled', reason='cancelled before it started', finished_at=? WHERE run_pk=? AND state='queued'")) {
                ps.setLong(1, now);
                ps.setString(2, runKey);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE jobs SET cancel_requested=1 WHERE run_pk=? AND state='leased'")) {
                ps.setString(1, runKey);
                n += ps.executeUpdate();
            }
            return n;
        });
    }

    @Override
    public void close() {
        if (replicas != null) {
            replicas.close();
        }
        database.close();
    }

    // ---- read-only queries for the dashboard and the submitter: see DashboardQueries ----------

    @Override
    public RunPage runPage(RunFilter filter) {
        return dashboard.runPage(filter);
    }

    @Override
    public Optional<RunView> runProgress(String id) {
        return dashboard.runProgress(id);
    }

    @Override
    public List<JobAttempt> attempts(String jobId) {
        return dashboard.attempts(jobId);
    }

    @Override
    public List<TestOutcomes> testOutcomes(String family, String testId, int runs) {
        return dashboard.testOutcomes(family, testId, runs);
    }

    @Override
    public RedStreak redStreak(String family) {
        return dashboard.redStreak(family);
    }

    @Override
    public LeaseJob leaseJob(String leaseId, String token) throws LeaseRejected {
        return tx.inTransaction(c -> {
            // Live only: an expired or ended lease (the job finished, or went to another attempt)
            // must not rewrite what that attempt left behind (docs/scheduling.md: 409).
            LiveLease live = requireLive(c, leaseId, token, false);
            return new LeaseJob(live.jobId(), live.attempt());
        });
    }

    // ---- a year of history (issue 17) -----------------------------------------------------------

    @Override
    public List<RunView> runsBefore(RunCursor before, int limit) {
        return tx.<List<RunView>, RuntimeException>inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(before == null
                    ? "SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT ?"
                    // A row comparison, not "created_at < ? OR (created_at = ? AND id < ?)": both databases seek
                    // the index to the cursor with it; the OR form read every newer run first (a year deep: all of them).
                    : "SELECT id FROM runs WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?")) {
                int i = 1;
                if (before != null) {
                    ps.setLong(i++, before.createdAt().toEpochMilli());
                    ps.setString(i++, before.runKey());
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return RunRows.loadRuns(c, ids);
        });
    }

    // ---- operations (issue 16): /metrics and /readyz ----------------------------------------

    @Override
    public List<QueueDepth> queueDepth() {
        return tx.<List<QueueDepth>, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT j.family, r.priority, COUNT(*) FROM jobs j JOIN runs r ON r.id=j.run_pk"
                            + " WHERE j.state='queued' GROUP BY j.family, r.priority");
                 ResultSet rs = ps.executeQuery()) {
                List<QueueDepth> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new QueueDepth(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    @Override
    public PruneResult prune(java.time.Instant cutoff, java.util.function.Consumer<List<String>> removedJobs) {
        PruneResult result = new HistoryPruning(tx).prune(cutoff, removedJobs);
        if (result.runs() > 0) {
            signalReplicas("change");
        }
        return result;
    }

    @Override
    public void ping() {
        tx.<Void, RuntimeException>inTransaction(c -> {
            // A table of ours, not "SELECT 1": a replica pointed at an empty or wrong schema is not ready either.
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM runs WHERE id=''"); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            return null;
        });
    }
}
