package io.gfxfleet.protocol.cli;

/**
 * A jar's command tree, found through {@link java.util.ServiceLoader} so that the launcher's shell
 * completion covers every jar's commands ({@code gfxfleet agent ...} lives in the agent jar)
 * without the orchestrator importing the agent.
 */
public interface CommandTree {
    /** The word after {@code gfxfleet} that the launcher dispatches to this tree, e.g. {@code agent}. */
    String name();

    /** A fresh instance of the tree's root command (a picocli {@code @Command}). */
    Object root();
}
