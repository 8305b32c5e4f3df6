package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gfxfleet orchestrator prune} beside a serving SQLite orchestrator: two processes, each
 * with its own connection to one database file (here two stores, two pools). A transaction that
 * read first and wrote later failed with SQLITE_BUSY_SNAPSHOT whenever the other had committed a
 * write in between (the busy timeout cannot help: its snapshot is stale, waiting does not renew it).
 * Such a transaction is now rolled back and run again on a fresh snapshot ({@link Transactions}).
 */
class SqlitePruneUnderWritesTest {
    static final Duration TTL = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void pruningBesideAServingStoreThatKeepsWritingFinishesAndTheWritesToo() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("gfxfleet.db");
        MutableClock clock = new MutableClock();
        try (JdbcStore serving = new JdbcStore(Database.open(url), clock)) {
            for (int i = 0; i < 120; i++) {
                runOneJob(serving, "old-" + i, "gfx94X-dcgpu", i % 3 == 0 ? JobState.FAILED : JobState.PASSED);
            }
            clock.advance(Duration.ofDays(60));

            AtomicBoolean pruning = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                // Keeps writing until the pruner is done: runs submitted, leased and completed (another
                // family, so the old family's last red and last green stay among the old runs).
                for (int i = 0; pruning.get() || i < 5; i++) {
                    try {
                        runOneJob(serving, "new-" + i, "gfx110X-all", JobState.PASSED);
                    } catch (LeaseRejected e) {
                        throw new AssertionError(e);
                    }
                    written.incrementAndGet();
                }
            });
            PruneResult pruned;
            try (JdbcStore pruner = new JdbcStore(Database.open(url), clock)) {
                pruned = pruner.prune(clock.instant().minus(Duration.ofDays(30)), removed -> { });
            } finally {
                pruning.set(false);
            }
            writer.join(); // rethrows the writer's failure, if it had one
            assertEquals(118, pruned.runs(), "every old run but each family's last red and last green: " + pruned);
            assertTrue(written.get() >= 5, "the serving store kept writing: " + written.get());
            assertEquals(written.get() + 2, serving.recentRuns(1000, 0).size(),
                    "the new runs and the two kept as a last verdict remain");
        }
    }

    private static void runOneJob(JdbcStore store, String runId, String family, JobState verdict) throws LeaseRejected {
        store.createRun(StoreContract.run(runId, Priority.POSTSUBMIT, family));
        Lease lease = store.claim(StoreContract.agent("agent-" + family, family), TTL, 3).orElseThrow();
        store.complete(lease.leaseId(), new JobCompletion(lease.token(), verdict, null, 0));
    }
}
