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
        // A plain exit: JDK 17's VM exit then waits up to 300 ms for the java.net.http.HttpClient's
        // selector thread (blocked in epoll). Interrupting that thread, found by its name, saved
        // 0.3 s of a job (docs/architecture.md, "Other projects' internals"): too little to depend
        // on JDK thread names. JDK 21's HttpClient.close() ends it by API.
        System.exit(GfxfleetCommandLine.execute(new AgentCli(), args));
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
