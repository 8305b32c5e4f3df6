package io.gfxfleet.agent.loop;

import io.gfxfleet.agent.gpu.AgentGpu;

import java.util.List;

/** Who this agent is to the orchestrator: a stable id, its GPUs or family override, its labels. */
public record AgentIdentity(String agentId, AgentGpu gpu, List<String> labels) {
    public AgentIdentity {
        labels = List.copyOf(labels);
    }
}
