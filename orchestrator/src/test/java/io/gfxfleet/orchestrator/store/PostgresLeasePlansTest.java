package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lease statements' plans on a store whose statistics saw history and no live jobs: what a
 * store with a year of finished jobs looks like to the planner (ANALYZE finds almost no queued and
 * no leased rows). With such statistics the planner used to take any index on the state as a
 * one-row read: a claim read the whole queue through jobs_pending_expiry and sorted it, and a
 * heartbeat or completion read every leased job through jobs_lease_expiry (issue 17's history
 * benchmark: lease operations at about half the empty store's rate). V17_6 leaves the claim one
 * index to take and the others their job by primary key; this reads the plans PostgreSQL makes.
 */
class PostgresLeasePlansTest {
    private PostgresTestSchema schema;
    private JdbcStore store;

    @BeforeEach
    void open() {
        schema = new PostgresTestSchema("plans");
        store = new JdbcStore(Database.open(schema.url()), Clock.systemUTC());
    }

    @AfterEach
    void close() throws SQLException {
        store.close();
        schema.close();
    }

    @Test
    void leaseStatementsReadOneJobOnAStoreOfFinishedHistory() throws SQLException, LeaseRejected {
        // A few jobs through the store, then a history of finished ones (written in SQL: only the
        // planner's view of the table matters here, and 20,000 leases through the store take long).
        for (int i = 0; i < 3; i++) {
            store.createRun(StoreContract.run("h" + i, Priority.POSTSUBMIT, "gfx94X-dcgpu", "gfx110X-all"));
            Lease lease = store.claim(StoreContract.agent("a", "gfx94X-dcgpu"), Duration.ofSeconds(60), 3).orElseThrow();
            store.complete(lease.leaseId(), new JobCompletion(lease.token(), JobState.PASSED, null, 0));
        }
        // Parameters are sent untyped (stringtype=unspecified) so that one placeholder value fits
        // every parameter of every statement: the plans here turn on the statistics, not on values.
        try (Connection c = DriverManager.getConnection(schema.url() + "&stringtype=unspecified");
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO jobs (id, run_pk, family, state, priority_rank, attempt, max_attempts, cancel_requested,"
                    + " passed, failed, skipped, created_at, pending_expires_at, started_at, finished_at)"
                    + " SELECT 'history-' || g, (SELECT MIN(id) FROM runs), CASE WHEN g % 2 = 0 THEN 'gfx94X-dcgpu' ELSE 'gfx110X-all' END,"
                    + " CASE WHEN g % 5 = 0 THEN 'failed' ELSE 'passed' END, 1, 1, 3, 0, 30, 0, 0, g, g, g, g + 1"
                    + " FROM generate_series(1, 20000) g");
            s.execute("ANALYZE");
            PgLeaseStatements statements = new PgLeaseStatements(new Transactions(null), LeaseClock.database(Dialect.POSTGRES),
                    Clock.systemUTC(), 3);

            String claim = plan(c, statements.claimStatement(false, 1));
            assertTrue(claim.contains("jobs_claim_order"), "the claim takes the queue's first job in claim order:\n" + claim);
            assertTrue(!claim.contains("Sort"), "the claim sorts nothing (the index gives the order):\n" + claim);
            for (String statement : List.of(statements.heartbeatStatement, statements.completeStatement)) {
                String plan = plan(c, statement);
                assertTrue(plan.contains("Index Scan using jobs_pkey on jobs"), "the job is read by its key:\n" + plan);
                assertTrue(!plan.contains("jobs_lease_expiry") && !plan.contains("jobs_pending_expiry"),
                        "no index of live jobs is read whole:\n" + plan);
            }
        }
    }

    private static String plan(Connection c, String statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement)) {
            int parameters = ps.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                ps.setString(i, "1");
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }
}
