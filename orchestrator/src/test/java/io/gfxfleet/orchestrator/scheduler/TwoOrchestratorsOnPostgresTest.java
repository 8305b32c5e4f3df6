package io.gfxfleet.orchestrator.scheduler;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.loadgen.LoadGenerator;
import io.gfxfleet.orchestrator.loadgen.LoadProfile;
import io.gfxfleet.orchestrator.loadgen.LoadReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two orchestrators on one PostgreSQL serve 500 simulated agents and 5,000 jobs: every job ends
 * exactly once, no job is ever held by two live leases (checked from the store's own records),
 * no result is lost.
 */
class TwoOrchestratorsOnPostgresTest {
    static final String PG = System.getProperty("gfxfleet.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final int AGENTS = 500;
    static final int JOBS = 5_000;
    static final int BATCH = 20;

    @TempDir
    Path dir;

    @Test
    void everyJobEndsExactlyOnceAndNoJobHasTwoLiveLeases() throws Exception {
        String schema = "replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = PG + "&currentSchema=" + schema;
        try (Orchestrator a = Orchestrator.start(config(url, dir.resolve("a")));
             Orchestrator b = Orchestrator.start(config(url, dir.resolve("b")))) {
            LoadProfile profile = new LoadProfile(AGENTS, JOBS, 1000, 1, BATCH, List.of("gfx94X-dcgpu", "gfx110X-all"),
                    Duration.ofMinutes(5));
            LoadReport report = new LoadGenerator(List.of(URI.create(a.baseUrl()), URI.create(b.baseUrl())), profile, null, null).run();
            System.out.println(report.describe());
            assertEquals(JOBS, report.jobsCompleted(), report.describe());
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertEquals(JOBS, count(st, "SELECT COUNT(*) FROM jobs WHERE state='passed'"), "every job passed");
            assertEquals(0, count(st, "SELECT COUNT(*) FROM jobs WHERE state<>'passed'"));
            assertEquals(JOBS, count(st, "SELECT COUNT(*) FROM leases WHERE outcome='completed'"), "one completed lease per job");
            assertEquals(0, count(st, "SELECT COUNT(*) FROM (SELECT job_id FROM leases WHERE outcome='completed'"
                    + " GROUP BY job_id HAVING COUNT(*) > 1) d"), "no job completed twice");
            // Two leases of one job overlap if one was granted before the other ended.
            assertEquals(0, count(st, "SELECT COUNT(*) FROM leases x JOIN leases y ON x.job_id=y.job_id AND x.id<>y.id"
                    + " WHERE x.granted_at <= y.granted_at AND y.granted_at < COALESCE(x.ended_at, x.expires_at)"),
                    "a job was held by two live leases");
            assertEquals((long) JOBS * BATCH, count(st, "SELECT COUNT(*) FROM results"), "no result lost or doubled");
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    static OrchestratorConfig config(String url, Path data) {
        return new OrchestratorConfig("127.0.0.1", 0, url, null, LeasePolicy.DEFAULT, IndexAllowlist.ANY);
    }

    static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
