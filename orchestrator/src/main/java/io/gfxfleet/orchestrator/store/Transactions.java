package io.gfxfleet.orchestrator.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs a unit of work in one JDBC transaction: commit on success, roll back on any failure. */
final class Transactions {
    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    interface Work<T, E extends Exception> {
        T run(Connection c) throws SQLException, E;
    }

    /** How often a SQLite transaction that found the database busy is run again from the start. */
    static final int SQLITE_BUSY_ATTEMPTS = 20;

    <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                } catch (Exception e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < SQLITE_BUSY_ATTEMPTS && sqliteBusy(e)) {
                    // a random pause, growing: two transactions that collided do not collide again in step
                    pause(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
                    continue;
                }
                throw new StoreException("database error: " + e.getMessage(), e);
            }
        }
    }

    /**
     * SQLite, another process on the same file (`gfxfleet orchestrator prune` beside a serving
     * orchestrator): a transaction that read first and then writes, after the other committed in
     * between, fails with SQLITE_BUSY_SNAPSHOT at once; its snapshot is stale and waiting (the busy
     * timeout) cannot renew it. Rolled back, the whole transaction runs again on a fresh snapshot.
     * (Taking the write lock at BEGIN instead would hold it while a pooled connection idles: the
     * driver begins the next transaction as soon as one commits.)
     */
    private static boolean sqliteBusy(SQLException e) {
        return e instanceof org.sqlite.SQLiteException s
                && (s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT
                || s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY);
    }

    /**
     * Runs one statement as its own transaction (autocommit): one round trip instead of two, for
     * work that a single statement does completely. Several statements here would not be atomic.
     */
    <T, E extends Exception> T singleStatement(Work<T, E> work) throws E {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // the pool restores manual commit when the connection returns
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the database was busy", e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
