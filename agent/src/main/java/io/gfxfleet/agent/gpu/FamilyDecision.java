package io.gfxfleet.agent.gpu;

import java.util.List;

/**
 * Whether this agent may run a job of some family; {@code reason} says why not (empty when allowed),
 * {@code matchingDevices} are the devices whose target belongs to the family.
 */
public record FamilyDecision(boolean allowed, String reason, List<GpuDevice> matchingDevices) {
    public FamilyDecision {
        reason = reason == null ? "" : reason;
        matchingDevices = List.copyOf(matchingDevices);
    }

    static FamilyDecision allow(List<GpuDevice> matching) {
        return new FamilyDecision(true, "", matching);
    }

    static FamilyDecision refuse(String reason) {
        return new FamilyDecision(false, reason, List.of());
    }
}
