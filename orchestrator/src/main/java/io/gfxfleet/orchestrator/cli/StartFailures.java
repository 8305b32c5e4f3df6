package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.protocol.cli.ExitCode;

import io.gfxfleet.protocol.cli.Backoff;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why an orchestrator did not start, in one line with the fix (serve and demo share it). */
public final class StartFailures {
    private StartFailures() {}

    public static CliFailure explain(Exception e, OrchestratorConfig config) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return CliFailure.infra("port " + config.port() + " on " + config.host()
                        + " is already in use: stop what listens there, or pass --port N (0 = any free port)", e);
            }
        }
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return CliFailure.infra("cannot reach PostgreSQL at " + postgresAddress(config.jdbcUrl()) + ": " + Causes.describe(e)
                    + "; start it (e.g. 'pg_ctlcluster <version> main start') or fix --db-url", e);
        }
        return CliFailure.infra("the orchestrator did not start: " + Causes.describe(e), e);
    }

    /** host:port/db of a PostgreSQL JDBC URL, without its parameters (which may hold a password). */
    static String postgresAddress(String jdbcUrl) {
        try {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            return (uri.getHost() == null ? "localhost" : uri.getHost()) + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                    + (uri.getPath() == null ? "" : uri.getPath());
        } catch (IllegalArgumentException ex) {
            return "the --db-url given";
        }
    }

    /**
     * Waits (bounded, with jittered backoff) until PostgreSQL's port takes connections, so that an
     * unreachable database is said at once and in one line, not after the pool's own wait.
     */
    static void awaitPostgres(String jdbcUrl, Duration wait) throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--db-url " + jdbcUrl.replaceAll("password=[^&]*", "password=...") + " is not a valid URL: " + e.getMessage());
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), wait);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2_000);
                return;
            } catch (IOException e) {
                if (backoff.exhausted()) {
                    throw CliFailure.infra("cannot reach PostgreSQL at " + host + ":" + port + (uri.getPath() == null ? "" : uri.getPath())
                            + ": " + Causes.describe(e) + "; start it (e.g. 'pg_ctlcluster <version> main start') or fix --db-url", e);
                }
                backoff.pause();
            }
        }
    }

    /** The tokens file, or a usage error naming what is wrong with it and how to make one. */
    static TokenRegistry tokens(Path file) {
        if (!Files.exists(file)) {
            throw new CliFailure(ExitCode.USAGE, "--tokens-file " + file + " does not exist; make its lines with "
                    + "'gfxfleet orchestrator new-token ROLE NAME', or leave the option out to run without tokens");
        }
        try {
            return TokenRegistry.load(file);
        } catch (NoSuchFileException ex) {
            throw new CliFailure(ExitCode.USAGE, "--tokens-file " + file + " does not exist", ex);
        } catch (IOException ex) {
            throw new CliFailure(ExitCode.USAGE, "--tokens-file " + Causes.describe(ex)
                    + " (each line: 'ROLE[,ROLE] NAME SHA256', as printed by 'gfxfleet orchestrator new-token ROLE NAME')", ex);
        }
    }
}
