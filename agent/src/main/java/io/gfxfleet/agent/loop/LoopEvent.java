package io.gfxfleet.agent.loop;

/**
 * What the worker loop is doing or has just done, in order, for whoever watches it (tests, and a
 * place for a future status endpoint); see {@link AgentLoop#onEvent}.
 */
public enum LoopEvent {
    /** The health check before asking for work. */
    HEALTH_CHECK,
    /** Unhealthy: pausing before the next check. */
    UNHEALTHY_PAUSE,
    /** Long-polling the orchestrator for a lease. */
    POLLING,
    /** The orchestrator was unreachable: backing off before the next poll. */
    BACKOFF,
    /** A lease arrived. */
    LEASED,
    /** A leased job's verdict was sent (its workspace is tidied after this, off the verdict's way). */
    COMPLETED,
    /** A leased job was given back unfinished (the agent is stopping). */
    HANDED_BACK,
    /** A pause or a poll ended early because the agent was asked to stop. */
    WAIT_CUT_SHORT,
    /** The loop returned. */
    STOPPED
}
