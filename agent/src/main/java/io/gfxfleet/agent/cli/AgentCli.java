package io.gfxfleet.agent.cli;

import io.gfxfleet.protocol.cli.EnvironmentDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the agent jar: {@code agent run}, {@code agent detect}, {@code agent parse}. */
@Command(name = "agent", mixinStandardHelpOptions = true, version = "gfxfleet agent 0.1.0",
        description = "Runs ROCm package test jobs on a GPU runner.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, DetectCommand.class, ParseCommand.class})
public final class AgentCli implements Runnable {
    public static void main(String[] args) {
        QuickExit.exit(EnvironmentDefaults.install(new CommandLine(new AgentCli())).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
