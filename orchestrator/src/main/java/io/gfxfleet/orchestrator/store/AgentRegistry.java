package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.AgentView;

import java.time.Duration;
import java.util.List;

/**
 * The agents that have asked for work, and what operators decided about them. An agent registers
 * with its claims ({@link LeaseStore#claim}); its infra-error streak is tallied by completions.
 */
public interface AgentRegistry {

    /** Registered agents, with their current job. */
    List<AgentView> agents();

    /** Drain: the agent finishes its job and takes no more. False when no such agent. */
    boolean setDrained(String agentId, boolean drained);

    /** Lifts an automatic quarantine (after K consecutive infra errors). False when no such agent. */
    boolean liftQuarantine(String agentId);

    /** Of these families, the ones no usable agent offered within {@code seenWithin} (Swarming's NO_RESOURCE). */
    List<String> familiesWithoutAgents(List<String> families, Duration seenWithin);

    /** Of these offer labels (e.g. {@code python=3.10}), the ones no usable agent offered within {@code seenWithin}. */
    List<String> labelsWithoutAgents(List<String> labels, Duration seenWithin);
}
