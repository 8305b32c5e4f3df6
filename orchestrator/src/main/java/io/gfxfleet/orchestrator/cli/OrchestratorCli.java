package io.gfxfleet.orchestrator.cli;

import picocli.CommandLine;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the orchestrator jar: {@code orchestrator serve}, {@code publish}, {@code demo}, ... */
@Command(name = "gfxfleet", mixinStandardHelpOptions = true,
        description = "Tests ROCm Python packages on AMD GPUs for every CI run that builds them.",
        subcommands = {CommandLine.HelpCommand.class, OrchestratorGroup.class, io.gfxfleet.orchestrator.demo.DemoCommand.class, SamplesCommand.class, PublishCommand.class, DepsCommand.class, SubmitCommand.class, LoadgenCommand.class, CompletionCommand.class})
public final class OrchestratorCli implements Runnable {
    public static void main(String[] args) {
        System.exit(GfxfleetCommandLine.execute(new OrchestratorCli(), args));
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
