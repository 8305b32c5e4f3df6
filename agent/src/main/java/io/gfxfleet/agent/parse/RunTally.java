package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of the results handed on, instead of the results themselves: a run's account must not
 * grow with the number of tests. The first failing test ids are kept to name them in a verdict.
 */
final class RunTally {
    static final int NAMED_FAILURES = 100;

    private final EnumMap<TestStatus, Long> counts = new EnumMap<>(TestStatus.class);
    private final List<String> failingIds = new ArrayList<>();
    private long failing;
    private long failingSubtests;
    int heldOverflow;

    void count(TestResult result) {
        counts.merge(result.status(), 1L, Long::sum);
        if (result.status().isFailure()) {
            failing++;
            if (failingIds.size() < NAMED_FAILURES) {
                failingIds.add(result.testId());
            }
        }
        failingSubtests += result.subtests().stream().filter(s -> s.status().isFailure()).count();
    }

    long failing() {
        return failing;
    }

    ParsedRun.Counts snapshot() {
        return new ParsedRun.Counts(Map.copyOf(counts), failing, failingIds, failingSubtests);
    }
}
