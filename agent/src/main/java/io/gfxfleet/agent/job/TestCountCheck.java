package io.gfxfleet.agent.job;

import java.util.Optional;

/**
 * "Far fewer tests ran than last time" is how a broken install hides behind a green run
 * (a component's tests silently skipped or not discovered). The baseline is the last passed job
 * of the same family, platform and artifact group.
 */
final class TestCountCheck {
    /** Below this share of the baseline, the count is reported. */
    static final double MIN_SHARE = 0.8;

    private TestCountCheck() {}

    static Optional<String> drop(Integer previous, int now) {
        if (previous == null || previous <= 0 || now >= previous * MIN_SHARE) {
            return Optional.empty();
        }
        return Optional.of(now + " tests ran, far below the " + previous + " of the last passed job of this family");
    }
}
