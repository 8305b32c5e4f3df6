package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.discovery.DiscoverySettings;
import io.gfxfleet.orchestrator.publish.s3.S3Settings;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.orchestrator.store.DbPassword;
import io.gfxfleet.protocol.cli.LogFormatOption;
import io.gfxfleet.orchestrator.logs.JobLogSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code orchestrator serve}: the long-running HTTP service. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the orchestrator HTTP service.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0 = any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = ".gfxfleet", description = "Folder for the SQLite file and local packages (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL: jdbc:sqlite:FILE (default, under --data-dir) or jdbc:postgresql://HOST:PORT/DB?user=U.")
    String dbUrl;

    @Option(names = "--db-start-wait", defaultValue = "30", paramLabel = "SECONDS",
            description = "With PostgreSQL: how long to wait for it to take connections at start (default: ${DEFAULT-VALUE}).")
    long dbStartWaitSeconds;

    @Option(names = "--packages-dir", description = "Folder served at /packages/ (default: DATA_DIR/packages).")
    Path packagesDir;

    @Option(names = "--lease-ttl", defaultValue = "60", description = "Lease TTL in seconds (default: ${DEFAULT-VALUE}).")
    int leaseTtlSeconds;

    @Option(names = "--max-attempts", defaultValue = "3", description = "Attempts before a lost job is an infra error (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--allow-index-prefix", split = ",", description = "Index URL prefixes runs may use (default: any).")
    List<String> allowedPrefixes;

    @Option(names = "--tokens-file", description = "Agent/submitter/operator tokens (lines 'ROLE[,ROLE] NAME SHA256'); default: none, API writes open.")
    Path tokensFile;

    @Option(names = "--discover-bucket", description = "Watch this bucket for published runs (run.json manifests).")
    String discoverBucket;

    @Option(names = "--discover-endpoint-url", description = "S3 endpoint for discovery (default: AWS).")
    String discoverEndpoint;

    @Option(names = "--discover-region", defaultValue = "us-east-1", description = "S3 region for discovery (default: ${DEFAULT-VALUE}).")
    String discoverRegion;

    @Option(names = "--discover-path-style", description = "Path-style S3 addressing (S3Proxy, MinIO).")
    boolean discoverPathStyle;

    @Option(names = "--discover-prefix", defaultValue = "", description = "Only manifests under this prefix (ends in '/').")
    String discoverPrefix;

    @Option(names = "--db-password-file",
            description = "File holding the PostgreSQL password (mode 0600 or a mounted Secret); keeps it off the command line and out of --db-url.")
    Path dbPasswordFile;

    @Mixin
    LogFormatOption logFormat;

    @Option(names = "--logs-bucket", description = "Keep job logs in this S3 bucket (default: in the database); every replica must see the same one.")
    String logsBucket;

    @Option(names = "--logs-endpoint-url", description = "S3 endpoint for the logs bucket (default: AWS).")
    String logsEndpoint;

    @Option(names = "--logs-region", defaultValue = "us-east-1", description = "S3 region of the logs bucket (default: ${DEFAULT-VALUE}).")
    String logsRegion;

    @Option(names = "--logs-path-style", description = "Path-style S3 addressing for the logs bucket (S3Proxy, MinIO).")
    boolean logsPathStyle;

    @Option(names = "--logs-prefix", defaultValue = "job-logs/", description = "Key prefix of job logs in the bucket (default: ${DEFAULT-VALUE}).")
    String logsPrefix;

    @Option(names = "--max-log-mb", defaultValue = "16", description = "Largest job log kept, in MiB; a bigger upload is refused (default: ${DEFAULT-VALUE}).")
    long maxLogMb;

    @Option(names = "--discover-interval", defaultValue = "30", description = "Seconds between discovery polls (default: ${DEFAULT-VALUE}).")
    long discoverIntervalSeconds;

    @Option(names = "--retention-days", description = "Prune runs older than this many days (with their jobs, results and logs; each family's last verdict stays), hourly. Default: keep everything.")
    Integer retentionDays;

    @Option(names = "--default-deps-index", description = "Deps index (PEP 503, e.g. https://B.s3.amazonaws.com/python-deps/simple/)"
            + " handed out with jobs whose run names none: a find-links run's venv upgrades pip, setuptools and wheel from it.")
    String defaultDepsIndex;

    @Override
    public Integer call() throws Exception {
        OrchestratorConfig config = new OrchestratorConfig(host, port,
                dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("gfxfleet.db"),
                packagesDir != null ? packagesDir : dataDir.resolve("packages"),
                new LeasePolicy(Duration.ofSeconds(leaseTtlSeconds), maxAttempts, LeasePolicy.DEFAULT.maxLongPoll(), LeasePolicy.DEFAULT.reaperPeriod()),
                allowedPrefixes == null ? IndexAllowlist.ANY : new IndexAllowlist(allowedPrefixes));
        if (discoverBucket != null) {
            config = config.withDiscovery(new DiscoverySettings(
                    S3Settings.of(discoverBucket, discoverEndpoint, discoverRegion, discoverPathStyle),
                    discoverPrefix, Duration.ofSeconds(discoverIntervalSeconds)));
        }
        if (maxLogMb < 1 || maxLogMb > JobLogSettings.LIMIT_MAX_BYTES >> 20) {
            throw new ParameterException(spec.commandLine(), "--max-log-mb must be 1 to " + (JobLogSettings.LIMIT_MAX_BYTES >> 20) + ", got " + maxLogMb);
        }
        config = config.withJobLogs(new JobLogSettings(
                logsBucket == null ? null : S3Settings.of(logsBucket, logsEndpoint, logsRegion, logsPathStyle),
                logsBucket == null ? "" : logsPrefix, maxLogMb << 20));
        if (dbPasswordFile != null) {
            config = config.withDbPassword(DbPassword.fromFile(dbPasswordFile));
        }
        if (defaultDepsIndex != null) {
            config = config.withDefaultDepsIndexUrl(depsIndex(defaultDepsIndex));
        }
        if (tokensFile != null) {
            config = config.withTokens(StartFailures.tokens(tokensFile));
        }
        if (retentionDays != null) {
            config = config.withRetention(io.gfxfleet.orchestrator.retention.HistoryRetention.days(retentionDays));
        }
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            StartFailures.awaitPostgres(config.jdbcUrl(), Duration.ofSeconds(Math.max(0, dbStartWaitSeconds)));
        }
        Orchestrator orchestrator;
        try {
            orchestrator = Orchestrator.start(config);
        } catch (Exception e) {
            throw StartFailures.explain(e, config);
        }
        System.out.println("gfxfleet orchestrator on " + orchestrator.baseUrl() + "/ (dashboard), API " + orchestrator.baseUrl() + io.gfxfleet.protocol.ApiVersion.PREFIX);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            orchestrator.close();
            stopped.countDown();
        }, "gfxfleet-shutdown"));
        stopped.await();
        return 0;
    }

    /** A PEP 503 root: an http(s) or file URL of a folder. */
    static String depsIndex(String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--default-deps-index is not a valid URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !java.util.List.of("http", "https", "file").contains(uri.getScheme())
                || !uri.toString().endsWith("/")) {
            throw new IllegalArgumentException("--default-deps-index must be an http, https or file URL of an index folder"
                    + " (ending in '/'), got '" + url + "'");
        }
        return uri.toString();
    }
}
