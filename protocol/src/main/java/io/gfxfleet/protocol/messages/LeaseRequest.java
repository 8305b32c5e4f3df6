package io.gfxfleet.protocol.messages;

import java.util.List;

/**
 * An agent asking for work: what it has (targets, families, labels) and how long it will wait.
 * {@code platform} ({@code linux}, {@code windows}; absent: linux), {@code pythonVersions} (every
 * interpreter it can make venvs with, e.g. {@code 3.10}; absent: its platform's tested versions)
 * and {@code image} (the container image label it runs in; absent: none) are part of its offer.
 */
public record LeaseRequest(
        String agentId,
        List<String> gfxTargets,
        List<String> families,
        List<String> labels,
        Integer waitSeconds,
        String platform,
        List<String> pythonVersions,
        String image) {

    public LeaseRequest(String agentId, List<String> gfxTargets, List<String> families, List<String> labels, Integer waitSeconds) {
        this(agentId, gfxTargets, families, labels, waitSeconds, null, null, null);
    }
}
