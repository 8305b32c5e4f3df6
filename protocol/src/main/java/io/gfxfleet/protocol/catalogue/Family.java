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

    /**
     * The runner pool CI uses for a family; labels are configuration that changes over time.
     *
     * @param linuxRunner            the first Linux pool (TheRock's {@code test-runs-on})
     * @param linuxRunners           every Linux pool that runs the family's tests (gfx94X has two)
     * @param nightlyCheckOnlyOn     platforms ({@code linux}, {@code windows}) where TheRock checks the family only
     *                               nightly ({@code nightly_check_only_for_family})
     * @param submoduleBumpTestsOnly TheRock tests the family only on submodule bumps ({@code submodule_bump_tests_only})
     */
    public record CiPool(String tier, String linuxRunner, String windowsRunner, List<String> runnerTargets,
                         List<String> linuxRunners, List<String> nightlyCheckOnlyOn, boolean submoduleBumpTestsOnly) {
        public CiPool {
            runnerTargets = List.copyOf(runnerTargets);
            linuxRunners = linuxRunners == null || linuxRunners.isEmpty()
                    ? (linuxRunner == null || linuxRunner.isEmpty() ? List.of() : List.of(linuxRunner)) : List.copyOf(linuxRunners);
            nightlyCheckOnlyOn = nightlyCheckOnlyOn == null ? List.of() : List.copyOf(nightlyCheckOnlyOn);
        }

        public CiPool(String tier, String linuxRunner, String windowsRunner, List<String> runnerTargets) {
            this(tier, linuxRunner, windowsRunner, runnerTargets, null, null, false);
        }
    }
}
