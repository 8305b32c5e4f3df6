package io.gfxfleet.protocol.messages;

import java.time.Instant;
import java.util.List;

/** A registered agent as operators see it. */
public record AgentView(
        String id,
        List<String> gfxTargets,
        List<String> families,
        List<String> labels,
        Instant lastSeen,
        boolean drained,
        boolean quarantined,
        int consecutiveInfraErrors,
        String currentJob) {
    public AgentView {
        gfxTargets = List.copyOf(gfxTargets);
        families = List.copyOf(families);
        labels = List.copyOf(labels);
    }
}
