package io.gfxfleet.orchestrator.cli;

import picocli.CommandLine.Command;

/** {@code gfxfleet orchestrator ...}: commands that run the service itself. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true, description = "Run or manage the orchestrator service.",
        subcommands = {ServeCommand.class, HashTokenCommand.class, PruneCommand.class})
public final class OrchestratorGroup {}
