package io.gfxfleet.orchestrator.loadgen;

import io.gfxfleet.orchestrator.retention.JobLogRemoval;
import io.gfxfleet.orchestrator.store.Database;
import io.gfxfleet.orchestrator.store.JdbcStore;
import io.gfxfleet.orchestrator.store.PruneResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The benchmark's pruner (issue 17): removes the history older than a cutoff in {@code steps} equal
 * slices of time, oldest first, through the store's own {@code prune}, and rests between slices for
 * as long as the slice took (at least {@code minRest}). It prints each window's wall-clock bounds, so
 * lease operations counted meanwhile (the load generator's {@code --timeline}) can be compared window
 * by window: pruning against not pruning, alternating, in one run of the agents.
 * <pre>
 *   rest   0 START END
 *   prune  1 START END runs jobs results
 *   rest   1 START END
 *   ...
 *   pruned R runs, J jobs, N results in S s of pruning (K kept as a family's last verdict)
 * </pre>
 */
public final class PruneWindows {
    private final JdbcStore store;
    private final Database database;
    private final JobLogRemoval logs;
    private final PrintStream out;

    PruneWindows(Database database, JobLogRemoval logs, PrintStream out) {
        this.database = database;
        this.store = new JdbcStore(database, Clock.systemUTC());
        this.logs = logs;
        this.out = out;
    }

    /** Prunes everything created before {@code cutoff} in {@code steps} slices; returns the total. */
    PruneResult run(Instant cutoff, int steps, Duration minRest) throws Exception {
        Instant oldest = oldestRun();
        if (oldest == null || !oldest.isBefore(cutoff)) {
            out.println("nothing older than " + cutoff + " to prune");
            return PruneResult.NONE;
        }
        long span = cutoff.toEpochMilli() - oldest.toEpochMilli();
        rest(0, minRest);
        int runs = 0;
        int jobs = 0;
        long results = 0;
        int kept = 0;
        double pruning = 0;
        for (int k = 1; k <= steps; k++) {
            // Just past the oldest run for the first slice, exactly the cutoff for the last.
            Instant sliceCutoff = k == steps ? cutoff : Instant.ofEpochMilli(oldest.toEpochMilli() + 1 + span * k / steps);
            long start = System.currentTimeMillis();
            PruneResult r = store.prune(sliceCutoff, logs::remove);
            long end = System.currentTimeMillis();
            out.printf(Locale.ROOT, "prune %d %d %d %d %d %d%n", k, start, end, r.runs(), r.jobs(), r.results());
            out.flush();
            runs += r.runs();
            jobs += r.jobs();
            results += r.results();
            kept = r.keptAsLastVerdict();
            pruning += (end - start) / 1000.0;
            rest(k, Duration.ofMillis(Math.max(minRest.toMillis(), end - start)));
        }
        out.printf(Locale.ROOT, "pruned %d runs, %d jobs, %d results in %.1f s of pruning (%d kept as a family's last verdict)%n",
                runs, jobs, results, pruning, kept);
        return new PruneResult(runs, jobs, results, kept);
    }

    private void rest(int k, Duration d) throws InterruptedException {
        long start = System.currentTimeMillis();
        Thread.sleep(d.toMillis());
        out.printf(Locale.ROOT, "rest %d %d %d%n", k, start, System.currentTimeMillis());
        out.flush();
    }

    /** When the oldest run was created; null when there is none. A read for the benchmark, not a store write path. */
    private Instant oldestRun() throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(created_at) FROM runs");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            Instant oldest = rs.wasNull() ? null : Instant.ofEpochMilli(v);
            c.rollback();
            return oldest;
        }
    }

    /** {@code PruneWindows DB_URL OLDER_THAN_DAYS STEPS MIN_REST_SECONDS LOGS_DIR}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PruneWindows DB_URL OLDER_THAN_DAYS STEPS MIN_REST_SECONDS LOGS_DIR");
            System.exit(2);
        }
        int days = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        double restSeconds = Double.parseDouble(args[3]);
        if (days < 1 || days > 3650 || steps < 1 || steps > 1000 || restSeconds < 0 || restSeconds > 3600) {
            throw new IllegalArgumentException("days 1..3650, steps 1..1000, rest 0..3600 s");
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        try (Database database = Database.open(args[0])) {
            new PruneWindows(database, JobLogRemoval.localFolder(Path.of(args[4])), System.out)
                    .run(cutoff, steps, Duration.ofMillis((long) (restSeconds * 1000)));
        }
    }
}
