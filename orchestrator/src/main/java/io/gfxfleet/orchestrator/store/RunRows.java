package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.Counts;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.RunView;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading runs and jobs into their API views; shared by the store's writes and its dashboard queries. */
final class RunRows {
    private RunRows() {}

    private static final String RUN_COLUMNS = "SELECT id, run_id, platform, artifact_group, version, priority, deps_index_url,"
            + " run_index_url, find_links_url, warnings, created_at, packaging,"
            + " repository, commit_sha, pull_request, workflow_run_url, server_url";

    static Optional<RunView> loadRun(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                RUN_COLUMNS + " FROM runs WHERE id=?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(runView(rs, loadJobs(c, id)));
            }
        }
    }

    /**
     * The runs of these keys, in this order (a key removed meanwhile is left out): two queries for
     * a whole page, not two per run (a page of 50 runs was 100 round trips).
     */
    static List<RunView> loadRuns(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = placeholders(ids.size());
        java.util.Map<String, List<JobView>> jobs = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_pk, " + JOB_COLUMNS + " FROM jobs WHERE run_pk IN (" + in + ") ORDER BY family, python_version, created_at")) {
            bindAll(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(jobView(rs, 1));
                }
            }
        }
        java.util.Map<String, RunView> runs = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                RUN_COLUMNS + " FROM runs WHERE id IN (" + in + ")")) {
            bindAll(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getString(1), runView(rs, jobs.getOrDefault(rs.getString(1), List.of())));
                }
            }
        }
        List<RunView> out = new ArrayList<>();
        for (String id : ids) {
            RunView r = runs.get(id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** "?,?,...": n parameters for an IN list. */
    static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    /** Binds the strings to the statement's parameters from the first on. */
    static void bindAll(PreparedStatement ps, List<String> ids) throws SQLException {
        int i = 1;
        for (String id : ids) {
            ps.setString(i++, id);
        }
    }

    private static RunView runView(ResultSet rs, List<JobView> jobs) throws SQLException {
        return new RunView(rs.getString(1), rs.getString(2), rs.getString(3), group(rs.getString(4)),
                rs.getString(5), Priority.parse(rs.getString(6)), rs.getString(7), rs.getString(8),
                rs.getString(9), Instant.ofEpochMilli(rs.getLong(11)), RunVerdict.of(jobs), jobs,
                JsonColumns.fromJson(rs.getString(10), JsonColumns.STRING_LIST), rs.getString(12), provenance(rs, 13));
    }

    /** The provenance columns from {@code first} on (repository, commit_sha, pull_request, workflow_run_url, server_url). */
    static Provenance provenance(ResultSet rs, int first) throws SQLException {
        int pr = rs.getInt(first + 2);
        Integer pullRequest = rs.wasNull() ? null : pr;
        Provenance p = new Provenance(rs.getString(first), rs.getString(first + 1), pullRequest, rs.getString(first + 3),
                rs.getString(first + 4));
        return p.nothingGiven() ? null : p;
    }

    /** Binds a run's provenance (null: none) to five parameters from {@code first} on, in column order. */
    static void bindProvenance(PreparedStatement ps, int first, Provenance p) throws SQLException {
        ps.setString(first, p == null ? null : p.repository());
        ps.setString(first + 1, p == null ? null : p.commit());
        if (p == null || p.pullRequest() == null) {
            ps.setNull(first + 2, java.sql.Types.INTEGER);
        } else {
            ps.setInt(first + 2, p.pullRequest());
        }
        ps.setString(first + 3, p == null ? null : p.workflowRunUrl());
        ps.setString(first + 4, p == null ? null : p.serverUrl());
    }

    /**
     * A group-less multi-arch run is stored with artifact group '' (the column is part of the run's
     * unique identity, and NULLs never compare equal there); on the wire it is null.
     */
    static String storedGroup(String artifactGroup) {
        return artifactGroup == null ? "" : artifactGroup;
    }

    /** The wire form of a stored artifact group: '' becomes null. */
    static String group(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }

    static final String JOB_COLUMNS =
            "id, family, state, attempt, agent_id, passed, failed, skipped, reason, created_at, started_at, finished_at,"
                    + " python_version, image, python";

    static List<JobView> loadJobs(Connection c, String runPk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + JOB_COLUMNS + " FROM jobs WHERE run_pk=? ORDER BY family, python_version, created_at")) {
            ps.setString(1, runPk);
            try (ResultSet rs = ps.executeQuery()) {
                List<JobView> jobs = new ArrayList<>();
                while (rs.next()) {
                    jobs.add(jobView(rs));
                }
                return jobs;
            }
        }
    }

    static JobView jobView(ResultSet rs) throws SQLException {
        return jobView(rs, 0);
    }

    /** A job from {@link #JOB_COLUMNS}, read after {@code skip} leading columns of the select list. */
    static JobView jobView(ResultSet rs, int skip) throws SQLException {
        int k = skip;
        return new JobView(rs.getString(k + 1), rs.getString(k + 2), JobState.parse(rs.getString(k + 3)), rs.getInt(k + 4),
                rs.getString(k + 5), new Counts(rs.getInt(k + 6), rs.getInt(k + 7), rs.getInt(k + 8)), rs.getString(k + 9),
                instant(rs, k + 10), instant(rs, k + 11), instant(rs, k + 12), rs.getString(k + 13), rs.getString(k + 14),
                rs.getString(k + 15));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Optional<JobView> loadJob(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id=?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(jobView(rs)) : Optional.empty();
            }
        }
    }
}
