package io.gfxfleet.agent.loop;

import io.gfxfleet.agent.gpu.AgentGpu;
import io.gfxfleet.protocol.layout.Platform;

import java.util.List;

/**
 * Who this agent is to the orchestrator: a stable id, its GPUs or family override, its labels,
 * the platform it runs on, the container image label it runs in (null: none it knows).
 */
public record AgentIdentity(String agentId, AgentGpu gpu, List<String> labels, Platform platform, String image) {
    public AgentIdentity {
        labels = List.copyOf(labels);
        platform = platform == null ? Platform.current() : platform;
    }

    public AgentIdentity(String agentId, AgentGpu gpu, List<String> labels) {
        this(agentId, gpu, labels, Platform.current(), null);
    }
}
