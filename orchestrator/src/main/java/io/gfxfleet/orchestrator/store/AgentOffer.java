package io.gfxfleet.orchestrator.store;

import java.util.List;

/** What a polling agent can take: the families its GPUs belong to, and its labels. */
public record AgentOffer(String agentId, List<String> gfxTargets, List<String> families, List<String> labels) {
    public AgentOffer {
        gfxTargets = List.copyOf(gfxTargets);
        families = List.copyOf(families);
        labels = List.copyOf(labels);
    }
}
