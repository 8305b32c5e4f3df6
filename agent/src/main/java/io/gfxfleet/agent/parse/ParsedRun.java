package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestStatus;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code rocm-sdk test} output said, once it ended. The results themselves went to
 * the parser's sink as they were read; this keeps their counts only, so memory does not grow with
 * the run.
 *
 * @param counts        results handed on, by status
 * @param started       test methods that started (descriptions believed, fixtures not counted)
 * @param ranLineSeen   whether the run's final summary ({@code Ran N tests}) came
 * @param ran           the final {@code Ran N}; without it, the tests that started (0 when none did)
 * @param totals        the final {@code OK}/{@code FAILED (...)} line's counts, null when none came
 * @param summarySeen   whether anything like unittest's summary section was read
 * @param notes         skip notes and discovery errors printed by {@code rocm-sdk test}
 * @param problems      reasons not to trust a green run (empty when there are none)
 * @param disagreements where the lines read disagree with the final summary, which won; they do not
 *                      decide the verdict
 * @param end           how the process ended
 * @param passed        exit status 0 (or unrecorded), final line OK, no problem
 */
public record ParsedRun(Counts counts, long started, boolean ranLineSeen, int ran, RunTotals totals,
                        boolean summarySeen, RunNotes notes, List<String> problems, List<String> disagreements,
                        StreamEnd end, boolean passed) {

    /**
     * @param failingIds the first {@value RunTally#NAMED_FAILURES} failing test ids, in order
     */
    public record Counts(Map<TestStatus, Long> byStatus, long failing, List<String> failingIds, long failingSubtests) {
        public Counts {
            byStatus = Map.copyOf(byStatus);
            failingIds = List.copyOf(failingIds);
        }
    }

    public ParsedRun {
        problems = List.copyOf(problems);
        disagreements = List.copyOf(disagreements);
    }

    public long count(TestStatus status) {
        return counts.byStatus().getOrDefault(status, 0L);
    }

    /** How many results failed (FAIL, ERROR, unexpected success, crash, timeout). */
    public long failing() {
        return counts.failing();
    }

    /** The first failing test ids (at most {@value RunTally#NAMED_FAILURES}). */
    public List<String> failingTestIds() {
        return counts.failingIds();
    }

    public long failingSubtests() {
        return counts.failingSubtests();
    }
}
