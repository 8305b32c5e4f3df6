package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.OfferLabels;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

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
import java.util.function.Consumer;

/** The {@link RunStore} on JDBC: the same SQL on SQLite and PostgreSQL. */
final class JdbcRunStore implements RunStore {
    private final Transactions tx;
    private final Clock clock;
    private final Duration pendingExpiry;
    private final ReplicaSignal replicas;

    JdbcRunStore(Transactions tx, Clock clock, Duration pendingExpiry, ReplicaSignal replicas) {
        this.tx = tx;
        this.clock = clock;
        this.pendingExpiry = pendingExpiry;
        this.replicas = replicas;
    }

    @Override
    public RunCreation createRun(NewRun run) {
        RunCreation creation = tx.<RunCreation, RuntimeException>inTransaction(c -> {
            Optional<String> existing = findRunKey(c, run);
            if (existing.isPresent()) {
                return new RunCreation(RunRows.loadRun(c, existing.get()).orElseThrow(), false);
            }
            String id = UUID.randomUUID().toString();
            long now = clock.millis();
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
            replicas.send("jobs");
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
            long now = clock.millis();
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
    public PruneResult prune(Instant cutoff, Consumer<List<String>> removedJobs) {
        PruneResult result = new HistoryPruning(tx).prune(cutoff, removedJobs);
        if (result.runs() > 0) {
            replicas.send("change");
        }
        return result;
    }
}
