package io.gfxfleet.agent.cli;

import picocli.CommandLine;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the agent jar: {@code agent run}, {@code agent detect}, {@code agent parse}. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Runs ROCm package test jobs on a GPU runner.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, DetectCommand.class, ParseCommand.class})
public final class AgentCli implements Runnable {
    public static void main(String[] args) {
        QuickExit.exit(GfxfleetCommandLine.execute(new AgentCli(), args));
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
