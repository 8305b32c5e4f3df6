package io.gfxfleet.orchestrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Removes old history: runs created before a cutoff, with their jobs, leases, result batches and
 * results. A run is removed whole or not at all, and only once every job of it has a verdict (work
 * in flight is never pulled from under an agent). For every family the newest job of each verdict
 * is kept with its run: the dashboard's "last verdict", the last green and last red that
 * {@code last-red} reports, and the last passed job's test count that a lease carries.
 * <p>
 * Deletes go in small transactions, oldest runs first, so agents leasing meanwhile wait at most
 * one small batch for a lock, and a prune stopped half-way leaves a consistent store. Between
 * transactions the pruner rests {@code restPerWork} times as long as the transaction took: removing
 * a month is no hurry, while its deletes (and their write-ahead log, which every lease's commit
 * waits behind) compete with the agents for the database's CPU and disk. Measured on 2 shared cores
 * (orchestrator/bench/history-at-scale.sh): 50 runs per transaction without rests cost agents ~30 %
 * of their lease operations while it ran.
 */
final class HistoryPruning {
    /** Runs per transaction: ~100 jobs and ~3,000 results, tens of milliseconds of deletes. */
    static final int RUNS_PER_TRANSACTION = 10;
    /** Rest after each transaction, as a multiple of its duration: pruning takes at most a third of the time. */
    static final double DEFAULT_REST_PER_WORK = 2.0;

    private final Transactions tx;
    private final double restPerWork;

    HistoryPruning(Transactions tx) {
        this(tx, DEFAULT_REST_PER_WORK);
    }

    HistoryPruning(Transactions tx, double restPerWork) {
        if (!(restPerWork >= 0 && restPerWork <= 100)) {
            throw new IllegalArgumentException("rest per unit of work must be between 0 and 100, got " + restPerWork);
        }
        this.tx = tx;
        this.restPerWork = restPerWork;
    }

    PruneResult prune(Instant cutoff, Consumer<List<String>> removedJobs) {
        Set<String> kept = tx.<Set<String>, RuntimeException>inTransaction(HistoryPruning::lastVerdictRuns);
        PruneResult total = new PruneResult(0, 0, 0, kept.size());
        long afterCreated = Long.MIN_VALUE;
        String afterId = "";
        while (true) {
            List<Candidate> page = candidates(cutoff.toEpochMilli(), afterCreated, afterId);
            if (page.isEmpty()) {
                return total;
            }
            Candidate last = page.get(page.size() - 1);
            afterCreated = last.createdAt();
            afterId = last.id();
            List<String> runs = page.stream().map(Candidate::id).filter(id -> !kept.contains(id)).toList();
            if (runs.isEmpty()) {
                continue;
            }
            long start = System.nanoTime();
            Removed removed = tx.<Removed, RuntimeException>inTransaction(c -> remove(c, runs));
            total = total.plus(removed.runs(), removed.jobIds().size(), removed.results());
            if (!removed.jobIds().isEmpty()) {
                removedJobs.accept(removed.jobIds());
            }
            rest((long) ((System.nanoTime() - start) * restPerWork));
        }
    }

    private static void rest(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("pruning was interrupted; what it removed so far is consistent", e);
        }
    }

    private record Candidate(String id, long createdAt) {}

    private record Removed(int runs, List<String> jobIds, long results) {}

    /** The next runs older than the cutoff, oldest first, after the last one looked at (keyset: no rescans). */
    private List<Candidate> candidates(long cutoff, long afterCreated, String afterId) {
        return tx.<List<Candidate>, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    // A row comparison seeks the index to where the last page ended (the OR form re-read the kept runs).
                    "SELECT id, created_at FROM runs WHERE created_at < ? AND (created_at, id) > (?, ?)"
                            + " ORDER BY created_at, id LIMIT ?")) {
                ps.setLong(1, cutoff);
                ps.setLong(2, afterCreated);
                ps.setString(3, afterId);
                ps.setInt(4, RUNS_PER_TRANSACTION);
                List<Candidate> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Candidate(rs.getString(1), rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    /** The runs holding each family's newest job of each verdict. */
    private static Set<String> lastVerdictRuns(Connection c) throws SQLException {
        List<String> families = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(DashboardQueries.DISTINCT_FAMILIES)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    families.add(rs.getString(1));
                }
            }
        }
        Set<String> runs = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_pk FROM jobs WHERE family=? AND state=? ORDER BY created_at DESC, run_pk DESC LIMIT 1")) {
            for (String family : families) {
                for (io.gfxfleet.protocol.messages.JobState state : io.gfxfleet.protocol.messages.JobState.values()) {
                    if (!state.isTerminal()) {
                        continue;
                    }
                    ps.setString(1, family);
                    ps.setString(2, state.wireName());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            runs.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        return runs;
    }

    /** Removes those of {@code runs} whose jobs all have a verdict (checked again here, in the deleting transaction). */
    private static Removed remove(Connection c, List<String> runs) throws SQLException {
        String runList = RunRows.placeholders(runs.size());
        List<String> settled = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id FROM runs r WHERE r.id IN (" + runList + ")"
                + " AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.run_pk=r.id AND j.state IN ('queued','leased'))")) {
            RunRows.bindAll(ps, runs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    settled.add(rs.getString(1));
                }
            }
        }
        if (settled.isEmpty()) {
            return new Removed(0, List.of(), 0);
        }
        String settledList = RunRows.placeholders(settled.size());
        List<String> jobs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE run_pk IN (" + settledList + ")")) {
            RunRows.bindAll(ps, settled);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(rs.getString(1));
                }
            }
        }
        long results = 0;
        if (!jobs.isEmpty()) {
            String jobList = RunRows.placeholders(jobs.size());
            // The compact result tables of V17_2, through each job's leases and their batches.
            String batches = "SELECT b.batch_no FROM result_batches b JOIN leases l ON l.id=b.lease_id WHERE l.job_id IN (" + jobList + ")";
            delete(c, "DELETE FROM result_texts WHERE batch_no IN (" + batches + ")", jobs);
            results = delete(c, "DELETE FROM result_rows WHERE batch_no IN (" + batches + ")", jobs);
            delete(c, "DELETE FROM result_batches WHERE lease_id IN (SELECT id FROM leases WHERE job_id IN (" + jobList + "))", jobs);
            // Job logs kept in the database (issue 16's job_logs) go with their jobs.
            delete(c, "DELETE FROM job_logs WHERE job_id IN (" + jobList + ")", jobs);
            delete(c, "DELETE FROM leases WHERE job_id IN (" + jobList + ")", jobs);
            delete(c, "DELETE FROM jobs WHERE id IN (" + jobList + ")", jobs);
        }
        int removedRuns = (int) delete(c, "DELETE FROM runs WHERE id IN (" + settledList + ")", settled);
        return new Removed(removedRuns, jobs, results);
    }

    private static long delete(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            RunRows.bindAll(ps, ids);
            return ps.executeUpdate();
        }
    }
}
