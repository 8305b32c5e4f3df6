package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.cli.EnvironmentDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the orchestrator jar: {@code orchestrator serve}, {@code publish}, {@code demo}, ... */
@Command(name = "gfxfleet", mixinStandardHelpOptions = true, version = "gfxfleet 0.1.0",
        description = "Tests ROCm Python packages on AMD GPUs for every CI run that builds them.",
        subcommands = {CommandLine.HelpCommand.class, OrchestratorGroup.class, io.gfxfleet.orchestrator.demo.DemoCommand.class, SamplesCommand.class, PublishCommand.class, DepsCommand.class, SubmitCommand.class, LoadgenCommand.class})
public final class OrchestratorCli implements Runnable {
    public static void main(String[] args) {
        System.exit(EnvironmentDefaults.install(new CommandLine(new OrchestratorCli())).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
