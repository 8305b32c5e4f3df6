package io.gfxfleet.protocol.catalogue;

import java.util.List;
import java.util.Optional;

/**
 * A build family (the suffix of {@code rocm-sdk-libraries-<family>} and the artifact group name),
 * the gfx targets it covers, and, when CI tests it, its tier and runner pools.
 */
public record Family(String name, List<String> targets, Optional<CiPool> ci) {
    public Family {
        targets = List.copyOf(targets);
    }

    /** The runner pool CI uses for a family; labels are configuration that changes over time. */
    public record CiPool(String tier, String linuxRunner, String windowsRunner, List<String> runnerTargets) {
        public CiPool {
            runnerTargets = List.copyOf(runnerTargets);
        }
    }
}
