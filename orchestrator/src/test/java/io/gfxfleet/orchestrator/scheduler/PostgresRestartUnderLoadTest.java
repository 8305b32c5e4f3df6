package io.gfxfleet.orchestrator.scheduler;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.loadgen.LoadGenerator;
import io.gfxfleet.orchestrator.loadgen.LoadProfile;
import io.gfxfleet.orchestrator.loadgen.LoadReport;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL restarts while agents lease and report: the orchestrator's pool and its LISTEN
 * connection recover by themselves, abandoned leases expire back into the queue, and every job
 * still ends exactly once.
 */
class PostgresRestartUnderLoadTest {
    static final int JOBS = 600;

    @Test
    void theOrchestratorRecoversFromADatabaseRestartWithoutHelp() throws Exception {
        Path clusters = Path.of("/etc/postgresql");
        assumeTrue(Files.isDirectory(clusters) && new File("/usr/bin/pg_ctlcluster").canExecute(),
                "needs a local Debian PostgreSQL cluster it may restart");
        String version;
        try (var s = Files.list(clusters)) {
            version = s.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
        String schema = "restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = TwoOrchestratorsOnPostgresTest.PG + "&currentSchema=" + schema;
        LeasePolicy shortLeases = new LeasePolicy(Duration.ofSeconds(5), 5, Duration.ofSeconds(25), Duration.ofSeconds(1));
        try (Orchestrator o = Orchestrator.start(new OrchestratorConfig("127.0.0.1", 0, url, null, shortLeases, IndexAllowlist.ANY))) {
            LoadProfile profile = new LoadProfile(40, JOBS, 60, 2, 10, List.of("gfx94X-dcgpu"), Duration.ofMinutes(4));
            CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return new LoadGenerator(List.of(URI.create(o.baseUrl())), profile, null, null).run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(4_000);
            Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
                    .inheritIO().start();
            assertEquals(0, restart.waitFor(), "pg_ctlcluster restart");
            LoadReport report = load.get(5, TimeUnit.MINUTES);
            System.out.println(report.describe());
            assertEquals(JOBS, report.jobsCompleted(), report.describe());
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertEquals(JOBS, TwoOrchestratorsOnPostgresTest.count(st, "SELECT COUNT(*) FROM jobs WHERE state='passed'"));
            assertEquals(JOBS, TwoOrchestratorsOnPostgresTest.count(st, "SELECT COUNT(*) FROM leases WHERE outcome='completed'"));
            assertEquals(0, TwoOrchestratorsOnPostgresTest.count(st, "SELECT COUNT(*) FROM leases x JOIN leases y"
                    + " ON x.job_id=y.job_id AND x.id<>y.id WHERE x.granted_at <= y.granted_at"
                    + " AND y.granted_at < COALESCE(x.ended_at, x.expires_at)"));
            // Results of a completed lease: both batches, once each.
            assertEquals((long) JOBS * 2 * 10, TwoOrchestratorsOnPostgresTest.count(st,
                    "SELECT COUNT(*) FROM results r JOIN leases l ON l.id=r.lease_id WHERE l.outcome='completed'"));
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
