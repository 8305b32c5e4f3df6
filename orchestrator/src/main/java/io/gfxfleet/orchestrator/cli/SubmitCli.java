package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point the launcher starts {@code gfxfleet submit} with: the same command as under
 * {@link OrchestratorCli} (same name, help and exit codes), without the picocli models of the
 * server, demo, samples and load generator commands. A build job runs it right after publishing,
 * so its start is on the way from publish to verdict: the whole tree cost ~15% of its CPU.
 */
@Command(name = "gfxfleet", mixinStandardHelpOptions = true,
        description = "Submit a run for GPU testing.",
        subcommands = {CommandLine.HelpCommand.class, SubmitCommand.class})
public final class SubmitCli implements Runnable {
    public static void main(String[] args) {
        System.exit(GfxfleetCommandLine.execute(new SubmitCli(), args));
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
