package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.cli.CommandTree;
import io.gfxfleet.protocol.cli.GfxfleetCommandLine;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * {@code completion}: a bash/zsh completion script generated from the command tree itself, so it
 * never falls behind the options. The launcher runs it with the agent jar on the class path too,
 * so {@code gfxfleet agent ...} completes as well.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash (and zsh) completion script for ./gfxfleet: "
                + "source <(./gfxfleet completion), or save it under /etc/bash_completion.d/.")
public final class CompletionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(script());
        return 0;
    }

    static String script() {
        CommandLine root = GfxfleetCommandLine.of(new OrchestratorCli());
        for (CommandTree tree : ServiceLoader.load(CommandTree.class)) {
            root.addSubcommand(tree.name(), GfxfleetCommandLine.of(tree.root()));
        }
        return AutoComplete.bash("gfxfleet", root);
    }
}
