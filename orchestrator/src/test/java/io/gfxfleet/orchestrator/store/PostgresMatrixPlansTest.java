package io.gfxfleet.orchestrator.store;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix's version filter matches any part of the version (the API's promise), which no index
 * can look up. What keeps a page of it cheap a year deep is the order: the page reads runs newest
 * first through runs_created, seeks to its cursor, and stops once it has a page of matches; it
 * used to sort every run that matched. This reads the plan PostgreSQL makes, and how many runs the
 * page read, on a store of 20,000 runs of which one in two matches (a
 * year's nightlies, say; a rarer version the planner rightly finds by reading the table whole).
 */
class PostgresMatrixPlansTest {
    private PostgresTestSchema schema;
    private JdbcStore store;

    @BeforeEach
    void open() {
        schema = new PostgresTestSchema("mplans");
        store = new JdbcStore(Database.open(schema.url()), Clock.systemUTC());
    }

    @AfterEach
    void close() throws SQLException {
        store.close();
        schema.close();
    }

    @Test
    void aVersionPageReadsRunsNewestFirstThroughTheIndexAndStopsAtThePageSize() throws SQLException {
        store.createRun(StoreContract.run("h0", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        try (Connection c = DriverManager.getConnection(schema.url());
             Statement s = c.createStatement()) {
            // Written in SQL: only the planner's view of the table matters, not how the rows came.
            s.execute("INSERT INTO runs (id, run_id, platform, artifact_group, version, priority, priority_rank, warnings, created_at)"
                    + " SELECT 'run-' || g, 'r' || g, 'linux', 'multiarch',"
                    + " CASE WHEN g % 2 = 0 THEN '7.10.0a2025' || g ELSE '7.9.0rc' || g END,"
                    + " 'postsubmit', 2, '[]', g FROM generate_series(1, 20000) g");
            s.execute("ANALYZE");
            // Deep in history: the cursor is the run at 15,000 ms; a page of 25 matches lies in the 50 runs below it.
            RunFilter deep = new RunFilter(null, null, null, "0A2025", 25, 0, new RunCursor(Instant.ofEpochMilli(15_000), "run-15000"));
            RunPageQuery query = new RunPageQuery(deep);
            String plan = explainAnalyze(c, query.idsSql, query.idsArgs);
            assertTrue(plan.contains("Index Scan Backward using runs_created on runs"), "runs newest first through the index:\n" + plan);
            assertTrue(!plan.contains("Sort"), "nothing sorted (the index gives the order):\n" + plan);
            Matcher removed = Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
            int read = 25 + (removed.find() ? Integer.parseInt(removed.group(1)) : 0);
            assertTrue(read <= 60, "about a page of matches' worth of runs read (50), not the 15,000 below the cursor: "
                    + read + "\n" + plan);
        }
        RunPage page = store.runPage(new RunFilter(null, null, null, "0A2025", 25, 0,
                new RunCursor(Instant.ofEpochMilli(15_000), "run-15000")));
        assertEquals(25, page.runs().size());
        assertEquals("run-14998", page.runs().get(0).id(), "the newest match below the cursor first");
        assertEquals("run-14950", page.runs().get(24).id());
        assertEquals("14950_run-14950", page.next());
        assertEquals(10000, page.total(), "the total still counts every match");
    }

    private static String explainAnalyze(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE) " + sql)) {
            int i = 1;
            for (Object a : args) {
                ps.setObject(i++, a);
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
