package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.cli.Backoff;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Several orchestrators on one PostgreSQL: what one of them commits (new work, results) reaches
 * the others through LISTEN/NOTIFY, so their waiting agents and open dashboards react at once.
 * One dedicated connection, outside the pool; it reconnects by itself after a database restart.
 * A payload is {@code "KIND ORIGIN"} ({@link ReplicaSignals}): the listener learns whether the
 * signal came from its own store, whose scheduler was already told directly.
 */
public final class PgNotifications implements AutoCloseable {
    public static final String CHANNEL = "gfxfleet";
    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);

    private final String jdbcUrl;
    private final DbPassword password;
    private final Listener onPayload;

    /** Receives each signal: its kind ({@code jobs}, {@code change}) and the origin that sent it. */
    public interface Listener {
        void signalled(String kind, String origin);
    }
    private final Thread thread;
    private volatile boolean running = true;

    public PgNotifications(String jdbcUrl, Listener onPayload) {
        this(jdbcUrl, DbPassword.none(), onPayload);
    }

    public PgNotifications(String jdbcUrl, DbPassword password, Listener onPayload) {
        this.jdbcUrl = jdbcUrl;
        this.password = password;
        this.onPayload = onPayload;
        this.thread = new Thread(this::loop, "pg-listen");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Backoff backoff = Backoff.unbounded(Duration.ofMillis(500), Duration.ofSeconds(10));
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, password.driverProperties())) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                backoff.reset();
                // Anything committed while we were away is picked up by the periodic re-checks.
                onPayload.signalled("jobs", "");
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null) {
                        for (PGNotification n : got) {
                            String[] kindAndOrigin = n.getParameter().split(" ", 2);
                            onPayload.signalled(kindAndOrigin[0], kindAndOrigin.length > 1 ? kindAndOrigin[1] : "");
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    Duration wait = backoff.next();
                    log.warn("LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), wait.toMillis());
                    try {
                        Thread.sleep(wait.toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
