package io.gfxfleet.orchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.publish.s3.CliRun;
import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator and build-workflow mistakes of issue 12, each run through the orchestrator jar's
 * CLI in-process: every one ends in ONE line naming the cause and the fix, no stack trace, and
 * the exit code of the shared table (docs/cli.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliMistakesTest {
    private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
    private Path dir;
    private Orchestrator open;
    private int closedPort;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        org.slf4j.LoggerFactory.getLogger(CliMistakesTest.class); // logging set up before stderr is captured
        open = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("open"), 0));
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterAll
    void stop() {
        open.close();
    }

    private static CliRun gfxfleet(String... args) {
        return CliRun.of(new OrchestratorCli(), args);
    }

    /** One line on stderr containing every fragment, no stack trace, the given exit code. */
    private static void assertOneLine(CliRun run, ExitCode code, String... fragments) {
        assertEquals(code.code(), run.exitCode(), run::describe);
        // log lines (time-stamped, e.g. the no-tokens warning) are not part of the error
        List<String> lines = run.err().strip().lines().filter(l -> !LOG_LINE.matcher(l).lookingAt()).toList();
        assertEquals(1, lines.size(), run::describe);
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), () -> "missing '" + f + "' in: " + run.describe());
        }
        assertFalse(run.err().contains("\tat "), run::describe);
    }

    private List<String> submit(String orchestrator, String families) {
        return new ArrayList<>(List.of("submit", "--orchestrator", orchestrator, "--run-id", "m-" + families.hashCode(),
                "--platform", "linux", "--artifact-group", "multiarch", "--rocm-version", "7.10.0a20261125",
                "--find-links", "http://127.0.0.1:9/x/index.html", "--families", families));
    }

    @Test
    void newTokenWithAnUnknownRole() {
        assertOneLine(gfxfleet("orchestrator", "new-token", "bogus", "x"), ExitCode.USAGE,
                "unknown role 'bogus'", "agent, submitter or operator", "new-token agent");
    }

    @Test
    void aMissingOrMalformedTokensFile() throws Exception {
        assertOneLine(gfxfleet("orchestrator", "serve", "--port", "0", "--data-dir", dir.resolve("t1").toString(),
                "--tokens-file", dir.resolve("nope.txt").toString()), ExitCode.USAGE, "nope.txt does not exist", "new-token");
        Path bad = Files.writeString(dir.resolve("bad-tokens.txt"), "agent only-two-fields\n");
        assertOneLine(gfxfleet("orchestrator", "serve", "--port", "0", "--data-dir", dir.resolve("t2").toString(),
                "--tokens-file", bad.toString()), ExitCode.USAGE, "bad-tokens.txt:1", "ROLE[,ROLE] NAME SHA256");
    }

    @Test
    void postgresUnreachable() {
        assertOneLine(gfxfleet("orchestrator", "serve", "--port", "0", "--data-dir", dir.resolve("pg").toString(),
                "--db-start-wait", "0", "--db-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/test?user=postgres"),
                ExitCode.INFRA, "cannot reach PostgreSQL at 127.0.0.1:" + closedPort, "connection refused", "--db-url");
    }

    @Test
    void portAlreadyInUseNamesThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertOneLine(gfxfleet("orchestrator", "serve", "--port", Integer.toString(port), "--data-dir", dir.resolve("port").toString()),
                    ExitCode.INFRA, "port " + port + " on 127.0.0.1 is already in use", "--port");
        }
    }

    @Test
    void publishWithoutAwsCredentialsSaysSo() throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".aws")), "this machine has AWS credentials");
        System.setProperty("aws.disableEc2Metadata", "true"); // no instance role here; skip the metadata service's timeouts
        Path packages = Files.createDirectories(dir.resolve("nothing"));
        assertOneLine(gfxfleet("publish", "--packages-dir", packages.toString(), "--run-id", "1", "--artifact-group", "gfx94X-dcgpu",
                "--bucket", "some-bucket", "--endpoint-url", "http://127.0.0.1:" + closedPort, "--path-style"),
                ExitCode.USAGE, "no AWS credentials for bucket some-bucket", "AWS_ACCESS_KEY_ID", "--anonymous");
    }

    @Test
    void submitTellsRefusedFromUnknownHost() {
        assertOneLine(gfxfleet(submit("http://127.0.0.1:" + closedPort, "gfx94X-dcgpu").toArray(String[]::new)),
                ExitCode.INFRA, "cannot reach the orchestrator at http://127.0.0.1:" + closedPort, "connection refused");
        assertOneLine(gfxfleet(submit("http://no-such-host.invalid:8080", "gfx94X-dcgpu").toArray(String[]::new)),
                ExitCode.INFRA, "cannot reach the orchestrator at http://no-such-host.invalid:8080", "unknown host");
    }

    @Test
    void unknownFamiliesListTheNearMatches() {
        for (String typo : List.of("gfx942", "gfx94x-dcgpu")) {
            assertOneLine(gfxfleet(submit(open.baseUrl(), typo).toArray(String[]::new)),
                    ExitCode.REFUSED, "unknown GPU family '" + typo + "'", "did you mean gfx94X-dcgpu", "known families: ");
        }
    }

    @Test
    void submitNeedsNoTokenFileWhereTheOrchestratorHasNoTokens() {
        CliRun run = gfxfleet(submit(open.baseUrl(), "gfx1151").toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.out().startsWith("submitted: run "), run::describe);
    }

    @Test
    void aCommandOneLevelDownIsHinted() {
        assertOneLine(gfxfleet("serve"), ExitCode.USAGE, "'serve'", "did you mean 'gfxfleet orchestrator serve'?");
    }

    @Test
    void theToolsVersionWinsEverywhereAndSaysTheCommit() {
        for (String[] args : List.of(new String[]{"--version"}, new String[]{"submit", "--version"},
                new String[]{"samples", "build", "--version"})) {
            CliRun run = gfxfleet(args);
            assertEquals(0, run.exitCode(), run::describe);
            assertTrue(run.out().matches("gfxfleet \\S+ \\(commit [^)]+\\)\\R"), run::describe);
        }
    }

    @Test
    void everyCommandHasHelpWithTheExitCodeTable() throws Exception {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of());
        collect(GfxfleetCommandLine.of(new OrchestratorCli()), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 12, paths.toString());
        for (List<String> path : paths) {
            for (String help : List.of("-h", "--help")) {
                List<String> args = new ArrayList<>(path);
                args.add(help);
                CliRun run = gfxfleet(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), run::describe);
                assertTrue(run.out().startsWith("Usage: gfxfleet"), run::describe);
                for (var row : ExitCode.values()) {
                    assertTrue(run.out().contains(row.code() + "   " + row.meaning().substring(0, 12)), () -> path + ": " + run.out());
                }
            }
        }
        String docs = Files.readString(repoRoot().resolve("docs/cli.md"));
        assertTrue(docs.contains(GfxfleetCommandLine.markdownTable()), "docs/cli.md must hold the exit-code table:\n"
                + GfxfleetCommandLine.markdownTable());
    }

    @Test
    void completionCoversTheCommands() {
        CliRun run = gfxfleet("completion");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.out().startsWith("#!/usr/bin/env bash"), run::describe);
        assertTrue(run.out().contains("--rocm-version") && run.out().contains("new-token"), "completion misses commands");
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || e.getValue().getCommandSpec().parent() != cl.getCommandSpec()) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("gfxfleet"))) {
            p = p.getParent();
        }
        return p;
    }
}
