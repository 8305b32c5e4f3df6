package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.Counts;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read-only questions the dashboard and the submitter ask: filtered run pages, live counts
 * of running jobs, a job's leases, a test's history, when a family went red.
 */
final class DashboardQueries implements DashboardReads {
    private final Transactions tx;

    DashboardQueries(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public RunPage runPage(RunFilter filter) {
        RunPageQuery query = new RunPageQuery(filter);
        return tx.<RunPage, RuntimeException>inTransaction(c -> {
            int total;
            try (PreparedStatement ps = c.prepareStatement(query.countSql)) {
                bind(ps, query.countArgs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(query.idsSql)) {
                bind(ps, query.idsArgs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<RunView> runs = new ArrayList<>();
            for (RunView run : RunRows.loadRuns(c, ids)) {
                runs.add(withLiveCounts(c, run));
            }
            List<String> families = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DISTINCT_FAMILIES)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        families.add(rs.getString(1));
                    }
                }
            }
            // A full page names where the next starts; a shorter one is the last.
            String next = runs.size() == filter.limit() ? RunCursor.after(runs.get(runs.size() - 1)).text() : null;
            return new RunPage(runs, total, filter.limit(), filter.offset(), families, next);
        });
    }

    /**
     * Every family any job was ever for, in order. A loose index scan (one index probe per family)
     * instead of {@code SELECT DISTINCT}, which read every job: a year of history is a million.
     */
    static final String DISTINCT_FAMILIES = "WITH RECURSIVE f(family) AS ("
            + "SELECT MIN(family) FROM jobs"
            + " UNION ALL SELECT (SELECT MIN(j.family) FROM jobs j WHERE j.family > f.family) FROM f WHERE f.family IS NOT NULL)"
            + " SELECT family FROM f WHERE family IS NOT NULL ORDER BY family";

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long n) {
                ps.setLong(i++, n);
            } else if (a instanceof Integer n) {
                ps.setInt(i++, n);
            } else {
                ps.setString(i++, (String) a);
            }
        }
    }

    @Override
    public Optional<RunView> runProgress(String id) {
        return tx.<Optional<RunView>, RuntimeException>inTransaction(c -> {
            Optional<RunView> run = RunRows.loadRun(c, id);
            return run.isPresent() ? Optional.of(withLiveCounts(c, run.get())) : run;
        });
    }

    /** Counts are stored when a job completes; a running job's come from its results so far. */
    private static RunView withLiveCounts(Connection c, RunView run) throws SQLException {
        if (run.jobs().stream().noneMatch(j -> j.state() == JobState.LEASED)) {
            return run;
        }
        List<JobView> jobs = new ArrayList<>();
        for (JobView j : run.jobs()) {
            if (j.state() != JobState.LEASED) {
                jobs.add(j);
                continue;
            }
            // The current lease's batch summaries (V17_3): no result row is read.
            Counts counts = Counts.ZERO;
            try (PreparedStatement ps = c.prepareStatement("SELECT lease_id FROM jobs WHERE id=? AND attempt=?")) {
                ps.setString(1, j.id());
                ps.setInt(2, j.attempt());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        counts = ResultRows.leaseCounts(c, rs.getString(1));
                    }
                }
            }
            jobs.add(new JobView(j.id(), j.family(), j.state(), j.attempt(), j.agentId(), counts, j.reason(),
                    j.createdAt(), j.startedAt(), j.finishedAt(), j.pythonVersion(), j.image(), j.python()));
        }
        return new RunView(run.id(), run.runId(), run.platform(), run.artifactGroup(), run.version(), run.priority(),
                run.depsIndexUrl(), run.runIndexUrl(), run.findLinksUrl(), run.createdAt(), run.verdict(), jobs, run.warnings(),
                run.packaging(), run.provenance());
    }

    @Override
    public List<JobAttempt> attempts(String jobId) {
        return tx.<List<JobAttempt>, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT attempt, agent_id, granted_at, ended_at, outcome FROM leases WHERE job_id=? ORDER BY granted_at, attempt")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<JobAttempt> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new JobAttempt(rs.getInt(1), rs.getString(2), RunRows.instant(rs, 3), RunRows.instant(rs, 4), rs.getString(5)));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public List<TestOutcomes> testOutcomes(String family, String testId, int runs) {
        return tx.<List<TestOutcomes>, RuntimeException>inTransaction(c -> {
            List<TestOutcomes> jobs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT r.id, r.run_id, r.version, r.created_at, j.id, j.state, j.attempt FROM jobs j JOIN runs r ON r.id=j.run_pk"
                            + " WHERE j.family=? ORDER BY j.created_at DESC, j.run_pk DESC LIMIT ?")) {
                ps.setString(1, family);
                ps.setInt(2, runs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(new TestOutcomes(rs.getString(1), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), JobState.parse(rs.getString(6)),
                                rs.getInt(7), List.of()));
                    }
                }
            }
            if (jobs.isEmpty()) {
                return jobs;
            }
            // One query for every job of the page (it was one per job), through results_job.
            java.util.Map<String, java.util.TreeMap<Integer, TestOutcomes.AttemptOutcome>> worst = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT job_id, attempt, status, message FROM results WHERE job_id IN ("
                            + RunRows.placeholders(jobs.size())
                            + ") AND test_id=? ORDER BY attempt, sequence, idx")) {
                int i = 1;
                for (TestOutcomes job : jobs) {
                    ps.setString(i++, job.jobId());
                }
                ps.setString(i, testId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var o = new TestOutcomes.AttemptOutcome(rs.getInt(2), TestStatus.parse(rs.getString(3)), rs.getString(4));
                        worst.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>())
                                .merge(o.attempt(), o, (a, b) -> b.status().severity() > a.status().severity() ? b : a);
                    }
                }
            }
            List<TestOutcomes> out = new ArrayList<>();
            for (TestOutcomes job : jobs) {
                var attempts = worst.getOrDefault(job.jobId(), new java.util.TreeMap<>());
                out.add(new TestOutcomes(job.runKey(), job.runId(), job.version(), job.createdAt(), job.jobId(),
                        job.jobState(), job.jobAttempt(), new ArrayList<>(attempts.values())));
            }
            return out;
        });
    }

    private static final List<String> RED_STATES = List.of("failed", "timed_out");
    private static final List<String> GREEN_STATES = List.of("passed");

    @Override
    public RedStreak redStreak(String family) {
        return tx.<RedStreak, RuntimeException>inTransaction(c -> {
            FamilyJobRef lastRed = familyJob(c, family, RED_STATES, true, null, false);
            FamilyJobRef lastGreen = familyJob(c, family, GREEN_STATES, true, null, false);
            if (lastRed == null) {
                return new RedStreak(family, false, null, null, lastGreen);
            }
            FamilyJobRef greenBefore = familyJob(c, family, GREEN_STATES, true, lastRed, false);
            FamilyJobRef wentRed = greenBefore == null
                    ? familyJob(c, family, RED_STATES, false, null, false)
                    : familyJob(c, family, RED_STATES, false, greenBefore, true);
            boolean red = lastGreen == null || isNewer(lastRed, lastGreen);
            return new RedStreak(family, red, wentRed, lastRed, lastGreen);
        });
    }

    private static boolean isNewer(FamilyJobRef a, FamilyJobRef b) {
        int byTime = a.createdAt().compareTo(b.createdAt());
        return byTime != 0 ? byTime > 0 : a.runKey().compareTo(b.runKey()) > 0;
    }

    /**
     * The newest (or oldest) job of the family in one of {@code states}, optionally only among runs
     * older than {@code bound}, or newer when {@code after}. One indexed probe per state (V17_4's
     * jobs_family_state_created; a job's created_at is its run's): an IN list of states made the
     * database merge and sort every red job of the family.
     */
    private static FamilyJobRef familyJob(Connection c, String family, List<String> states, boolean newest,
                                          FamilyJobRef bound, boolean after) throws SQLException {
        FamilyJobRef best = null;
        for (String state : states) {
            FamilyJobRef found = familyJob(c, family, state, newest, bound, after);
            if (found != null && (best == null || (newest ? isNewer(found, best) : isNewer(best, found)))) {
                best = found;
            }
        }
        return best;
    }

    private static FamilyJobRef familyJob(Connection c, String family, String state, boolean newest,
                                          FamilyJobRef bound, boolean after) throws SQLException {
        String cmp = after ? ">" : "<";
        String order = newest ? "DESC" : "ASC";
        String sql = "SELECT r.id, r.run_id, r.version, r.created_at, j.id, j.state FROM jobs j JOIN runs r ON r.id=j.run_pk"
                + " WHERE j.family=? AND j.state=?"
                + (bound == null ? "" : " AND (j.created_at, j.run_pk) " + cmp + " (?, ?)")
                + " ORDER BY j.created_at " + order + ", j.run_pk " + order + " LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, family);
            ps.setString(2, state);
            if (bound != null) {
                ps.setLong(3, bound.createdAt().toEpochMilli());
                ps.setString(4, bound.runKey());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new FamilyJobRef(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), JobState.parse(rs.getString(6))) : null;
            }
        }
    }

    // ---- appended by the agent stream (issue 5) for log uploads; lead: please review ------------
}
