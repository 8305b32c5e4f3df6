package io.gfxfleet.orchestrator.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the other orchestrators on one PostgreSQL that this one committed new work ({@code jobs})
 * or results and verdicts ({@code change}). Sent after the data transaction committed, never
 * inside it: a NOTIFY takes a database-wide lock at commit, which serialised every completion's
 * commit (and its WAL flush) behind every other. Signals that arrive while one is being sent are
 * coalesced into the next, so a burst of commits costs one notification per kind. A lost signal
 * costs a replica at most its periodic re-check (see Scheduler).
 * <p>After each notification the sender pauses {@link #PAUSE_MILLIS}: under a steady stream of
 * commits (a submission, a result batch and a completion per job) a notification went out for
 * nearly every commit, each a transaction of its own on a pooled connection; with the pause, all
 * commits within it share the next one, and another replica hears of them at most that much later.
 */
final class ReplicaSignals implements ReplicaSignal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSignals.class);

    /** At most this often one notification transaction (see above). */
    static final long PAUSE_MILLIS = 10;
    private final DataSource dataSource;
    /** Identifies this store in the payload, so its own listener can tell its own signals apart. */
    private final String origin = UUID.randomUUID().toString();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pg-notify");
        t.setDaemon(true);
        return t;
    });

    ReplicaSignals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    String origin() {
        return origin;
    }

    /** Callable from any thread, after the commit that the signal announces. */
    @Override
    public void send(String kind) {
        pending.add(kind);
        if (flushQueued.compareAndSet(false, true)) {
            try {
                sender.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                flushQueued.set(false);
            }
        }
    }

    private void flush() {
        // Cleared before draining: a send() from now on queues another flush, so none is lost.
        flushQueued.set(false);
        String[] kinds = pending.toArray(String[]::new);
        if (kinds.length == 0) {
            return;
        }
        pending.removeAll(Set.of(kinds));
        try (Connection c = dataSource.getConnection();
             // A notification is a hint, not data: its transaction need not wait for the WAL flush.
             PreparedStatement ps = c.prepareStatement(
                     "SELECT set_config('synchronous_commit', 'off', true), pg_notify('" + PgNotifications.CHANNEL + "', ?)")) {
            for (String kind : kinds) {
                ps.setString(1, kind + " " + origin);
                ps.execute();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            log.debug("replica signal {} not sent ({}); replicas re-check periodically", String.join(",", kinds), e.toString());
        }
        try {
            // Signals sent meanwhile queue the next flush, which runs after the pause.
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
