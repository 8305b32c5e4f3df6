package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the build-side jar ({@code orchestrator-<version>-build.jar}): only the commands a
 * build workflow runs, {@code publish} and {@code deps}. That jar holds protocol, the
 * {@code publish} package, these commands, the run-registration client and the AWS SDK pieces S3
 * needs with one HTTP client (Apache), and none of the server (Vert.x, JDBC drivers, SQLite
 * natives, Flyway, metrics): a fresh JVM on it opens a quarter of the jar the server's would.
 * The orchestrator jar keeps the same two commands ({@link OrchestratorCli}).
 */
@Command(name = "gfxfleet", mixinStandardHelpOptions = true,
        description = "Build-side commands: publish a build's packages, manage the deps index.",
        subcommands = {CommandLine.HelpCommand.class, PublishCommand.class, DepsCommand.class})
public final class BuildCli implements Runnable {
    public static void main(String[] args) {
        System.exit(GfxfleetCommandLine.execute(new BuildCli(), args));
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
