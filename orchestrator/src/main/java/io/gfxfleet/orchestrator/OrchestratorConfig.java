package io.gfxfleet.orchestrator;

import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.logs.JobLogSettings;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.orchestrator.store.DbPassword;

import java.nio.file.Path;

/**
 * How one orchestrator process runs. {@code packagesDir}, when set, is served at {@code /packages/}
 * so that a local folder can stand in for a bucket (the embedded default).
 */
public record OrchestratorConfig(
        String host,
        int port,
        String jdbcUrl,
        Path packagesDir,
        LeasePolicy leasePolicy,
        IndexAllowlist allowlist,
        TokenRegistry tokens,
        // Intake by S3 discovery (publisher stream, issue 3): null = off.
        io.gfxfleet.orchestrator.discovery.DiscoverySettings discovery,
        // The deps index handed out with a job whose run names none (a find-links-only run, as
        // TheRock's CI submits them): the agent upgrades pip/setuptools/wheel from it. null = none.
        String defaultDepsIndexUrl,
        // Read from --db-password-file (issue 16): never part of the URL.
        DbPassword dbPassword,
        // Where job logs go (issue 16): the database unless a bucket is named.
        JobLogSettings jobLogs,
        // Automatic pruning of history older than this (issue 17); null = keep everything.
        java.time.Duration retention) {

    public OrchestratorConfig(String host, int port, String jdbcUrl, Path packagesDir, LeasePolicy leasePolicy,
                              IndexAllowlist allowlist, TokenRegistry tokens,
                              io.gfxfleet.orchestrator.discovery.DiscoverySettings discovery, String defaultDepsIndexUrl,
                              DbPassword dbPassword, JobLogSettings jobLogs) {
        this(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, defaultDepsIndexUrl, dbPassword, jobLogs, null);
    }

    public OrchestratorConfig withRetention(java.time.Duration keep) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, defaultDepsIndexUrl,
                dbPassword, jobLogs, keep);
    }

    public OrchestratorConfig(String host, int port, String jdbcUrl, Path packagesDir, LeasePolicy leasePolicy,
                              IndexAllowlist allowlist, TokenRegistry tokens,
                              io.gfxfleet.orchestrator.discovery.DiscoverySettings discovery, String defaultDepsIndexUrl) {
        this(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, defaultDepsIndexUrl,
                DbPassword.none(), JobLogSettings.database());
    }

    public OrchestratorConfig(String host, int port, String jdbcUrl, Path packagesDir, LeasePolicy leasePolicy,
                              IndexAllowlist allowlist, TokenRegistry tokens,
                              io.gfxfleet.orchestrator.discovery.DiscoverySettings discovery) {
        this(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, null);
    }

    public OrchestratorConfig(String host, int port, String jdbcUrl, Path packagesDir, LeasePolicy leasePolicy,
                              IndexAllowlist allowlist, TokenRegistry tokens) {
        this(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, null);
    }

    public OrchestratorConfig(String host, int port, String jdbcUrl, Path packagesDir, LeasePolicy leasePolicy,
                              IndexAllowlist allowlist) {
        this(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, TokenRegistry.disabled());
    }

    public static OrchestratorConfig embedded(Path dataDir, int port) {
        return new OrchestratorConfig("127.0.0.1", port, "jdbc:sqlite:" + dataDir.resolve("gfxfleet.db"),
                dataDir.resolve("packages"), LeasePolicy.DEFAULT, IndexAllowlist.ANY);
    }

    public OrchestratorConfig withDiscovery(io.gfxfleet.orchestrator.discovery.DiscoverySettings settings) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, settings, defaultDepsIndexUrl, dbPassword, jobLogs, retention);
    }

    public OrchestratorConfig withLeasePolicy(LeasePolicy policy) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, policy, allowlist, tokens, discovery, defaultDepsIndexUrl, dbPassword, jobLogs, retention);
    }

    public OrchestratorConfig withTokens(TokenRegistry registry) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, registry, discovery, defaultDepsIndexUrl, dbPassword, jobLogs, retention);
    }

    public OrchestratorConfig withAllowlist(IndexAllowlist list) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, list, tokens, discovery, defaultDepsIndexUrl, dbPassword, jobLogs, retention);
    }

    public OrchestratorConfig withDefaultDepsIndexUrl(String url) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, url, dbPassword, jobLogs, retention);
    }

    public OrchestratorConfig withDbPassword(DbPassword password) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, defaultDepsIndexUrl, password, jobLogs, retention);
    }

    public OrchestratorConfig withJobLogs(JobLogSettings settings) {
        return new OrchestratorConfig(host, port, jdbcUrl, packagesDir, leasePolicy, allowlist, tokens, discovery, defaultDepsIndexUrl, dbPassword, settings, retention);
    }
}
