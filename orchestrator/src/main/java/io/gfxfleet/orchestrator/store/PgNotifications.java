package io.gfxfleet.orchestrator.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Several orchestrators on one PostgreSQL: what one of them commits (new work, results) reaches
 * the others through LISTEN/NOTIFY, so their waiting agents and open dashboards react at once.
 * One dedicated connection, outside the pool; it reconnects by itself after a database restart.
 */
public final class PgNotifications implements AutoCloseable {
    public static final String CHANNEL = "gfxfleet";
    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);

    private final String jdbcUrl;
    private final Consumer<String> onPayload;
    private final Thread thread;
    private volatile boolean running = true;

    public PgNotifications(String jdbcUrl, Consumer<String> onPayload) {
        this.jdbcUrl = jdbcUrl;
        this.onPayload = onPayload;
        this.thread = new Thread(this::loop, "pg-listen");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long backoff = 500;
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                backoff = 500;
                // Anything committed while we were away is picked up by the periodic re-checks.
                onPayload.accept("jobs");
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null) {
                        for (PGNotification n : got) {
                            onPayload.accept(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    /** Sends a notification inside the caller's transaction: it is delivered only if that commits. */
    static void notify(Connection c, String payload) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            ps.setString(1, payload);
            ps.execute();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
