package io.gfxfleet.orchestrator.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A schema of its own in the test database, dropped on close: a test's tables never meet another's. */
final class PostgresTestSchema implements AutoCloseable {
    private final String name;

    PostgresTestSchema(String prefix) {
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The JDBC URL of the test database with this schema current. */
    String url() {
        return PostgresStoreTest.URL + "&currentSchema=" + name;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresStoreTest.URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
