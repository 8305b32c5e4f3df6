package io.gfxfleet.protocol.messages;

import java.util.List;

/** An agent asking for work: what it has (targets, families, labels) and how long it will wait. */
public record LeaseRequest(
        String agentId,
        List<String> gfxTargets,
        List<String> families,
        List<String> labels,
        Integer waitSeconds) {}
