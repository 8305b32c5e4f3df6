package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.retention.HistoryRetention;
import io.gfxfleet.orchestrator.retention.JobLogRemoval;
import io.gfxfleet.orchestrator.store.Database;
import io.gfxfleet.orchestrator.store.JdbcStore;
import io.gfxfleet.orchestrator.store.PruneResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code orchestrator prune --older-than DAYS}: removes old history once, while orchestrators keep serving. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove runs older than DAYS with their jobs, leases, results and logs; each family's last verdict stays. "
                + "Safe while orchestrators serve: only runs whose jobs all have a verdict go, a few at a time.")
public final class PruneCommand implements Callable<Integer> {
    @Option(names = "--older-than", required = true, paramLabel = "DAYS", description = "Remove runs created more than DAYS days ago.")
    int days;

    @Option(names = "--data-dir", defaultValue = ".gfxfleet", description = "The orchestrator's data folder: SQLite file and job logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL, as given to serve (default: the SQLite file under --data-dir).")
    String dbUrl;

    @Override
    public Integer call() {
        String url = dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("gfxfleet.db");
        try (JdbcStore store = new JdbcStore(Database.open(url), Clock.systemUTC())) {
            PruneResult r = new HistoryRetention(store, JobLogRemoval.localFolder(dataDir.resolve("job-logs")), Clock.systemUTC(),
                    HistoryRetention.days(days)).pruneNow();
            System.out.printf("removed %d runs, %d jobs, %d results (and their logs); kept %d runs holding a family's last verdict%n",
                    r.runs(), r.jobs(), r.results(), r.keptAsLastVerdict());
        }
        return 0;
    }
}
