package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.auth.TokenRegistry;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.protocol.cli.CliFailure;
import io.gfxfleet.protocol.cli.ExitCode;

import java.io.IOException;
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
