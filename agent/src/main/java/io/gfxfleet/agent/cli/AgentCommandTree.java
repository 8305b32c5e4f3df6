package io.gfxfleet.agent.cli;

import io.gfxfleet.protocol.cli.CommandTree;

/** The agent jar's commands, for the launcher's shell completion ({@code gfxfleet agent ...}). */
public final class AgentCommandTree implements CommandTree {
    @Override
    public String name() {
        return "agent";
    }

    @Override
    public Object root() {
        return new AgentCli();
    }
}
