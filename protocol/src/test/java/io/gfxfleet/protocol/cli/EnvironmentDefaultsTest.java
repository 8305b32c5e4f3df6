package io.gfxfleet.protocol.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command line, then GFXFLEET_ variable, then the GFXFLEET_CONFIG file, then the built-in default. */
class EnvironmentDefaultsTest {
    @Command(name = "serve", mixinStandardHelpOptions = true)
    static final class Serve implements Runnable {
        @Option(names = "--port", defaultValue = "8080") int port;
        @Option(names = "--db-url") String dbUrl;
        @Option(names = "--lease-ttl", defaultValue = "60") int leaseTtl;
        @Option(names = "--path-style") boolean pathStyle;
        @Option(names = "--orchestrator", required = true) String orchestrator;

        @Override
        public void run() {}
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsBuiltIn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orchestrator.properties");
        Files.writeString(file, "port=9000\ndb-url=jdbc:sqlite:from-file.db\nlease-ttl=90\norchestrator=http://file\n");
        Map<String, String> env = Map.of("GFXFLEET_CONFIG", file.toString(), "GFXFLEET_DB_URL", "jdbc:sqlite:from-env.db",
                "GFXFLEET_PATH_STYLE", "true", "GFXFLEET_VERSION", "7.10.0", "GFXFLEET_HELP", "true");

        Serve serve = parse(env, "--port", "7000");
        assertEquals(7000, serve.port, "the command line wins");
        assertEquals("jdbc:sqlite:from-env.db", serve.dbUrl, "then the environment");
        assertEquals(90, serve.leaseTtl, "then the config file");
        assertTrue(serve.pathStyle, "a flag from the environment");
        assertEquals("http://file", serve.orchestrator, "a required option may come from the file");

        Serve builtIn = parse(Map.of(), "--orchestrator", "http://cli");
        assertEquals(8080, builtIn.port);
        assertEquals(60, builtIn.leaseTtl);
        assertFalse(builtIn.pathStyle);
    }

    @Test
    void helpOptionsIgnoreTheEnvironment() {
        // GFXFLEET_VERSION is a plausible variable in a build workflow: it must not turn on --version.
        CommandLine cli = new CommandLine(new Serve()).setDefaultValueProvider(new EnvironmentDefaults(
                Map.of("GFXFLEET_VERSION", "7.10.0", "GFXFLEET_HELP", "true", "GFXFLEET_ORCHESTRATOR", "http://env"), new java.util.Properties()));
        CommandLine.ParseResult parsed = cli.parseArgs();
        assertFalse(parsed.isVersionHelpRequested());
        assertFalse(parsed.isUsageHelpRequested());
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentDefaults.of(Map.of("GFXFLEET_CONFIG", missing.toString())));
        assertTrue(e.getMessage().contains("GFXFLEET_CONFIG") && e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void variableNames() {
        assertEquals("GFXFLEET_DB_PASSWORD_FILE", EnvironmentDefaults.variableFor("--db-password-file"));
    }

    private static Serve parse(Map<String, String> env, String... args) {
        Serve serve = new Serve();
        new CommandLine(serve).setDefaultValueProvider(EnvironmentDefaults.of(env)).parseArgs(args);
        return serve;
    }
}
