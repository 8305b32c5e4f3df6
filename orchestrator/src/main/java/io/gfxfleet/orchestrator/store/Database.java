package io.gfxfleet.orchestrator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** A pooled, migrated connection to SQLite or PostgreSQL chosen by the JDBC URL. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, DbPassword.none());
    }

    public static Database open(String jdbcUrl, DbPassword password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (password.present()) {
            config.setPassword(password.value());
        }
        config.setPoolName("gfxfleet-" + dialect.name().toLowerCase());
        if (dialect == Dialect.SQLITE) {
            // SQLite has one writer; a single connection turns lock contention into queueing.
            config.setMaximumPoolSize(1);
            config.setConnectionInitSql("PRAGMA foreign_keys=ON");
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "10000");
        } else {
            config.setMaximumPoolSize(8);
            // One multi-row INSERT per result batch instead of one statement per result.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // Fail fast while PostgreSQL restarts; callers retry.
            config.setConnectionTimeout(5_000);
            config.setInitializationFailTimeout(30_000);
        }
        config.setAutoCommit(false);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            // Migrations are numbered by the issue that added them (V14_5 for issue 14), and issues land
            // in any order: a store already at V17_3 must still take a later-landed V14_5.
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").outOfOrder(true).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, dialect);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
