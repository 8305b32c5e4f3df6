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

    <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
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
            throw new StoreException("database error: " + e.getMessage(), e);
        }
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

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
