package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.List;

/**
 * Everything one {@code rocm-sdk test} output said, once it ended.
 *
 * @param results     every result emitted to the sink, in emission order
 * @param ranLineSeen whether a {@code Ran N tests} line came
 * @param ran         the sum of the {@code Ran N} counts (0 when none came)
 * @param totals      the final {@code OK}/{@code FAILED (...)} line's counts, null when none came
 * @param summarySeen whether the runner's summary section was reached
 * @param notes       skip notes and discovery errors printed by {@code rocm-sdk test}
 * @param problems    reasons not to trust a green run (empty when there are none)
 * @param end         how the process ended
 * @param passed      exit status 0 (or unrecorded), final line OK, no failing result, no problem
 */
public record ParsedRun(List<TestResult> results, boolean ranLineSeen, int ran, RunTotals totals,
                        boolean summarySeen, RunNotes notes, List<String> problems, StreamEnd end,
                        boolean passed) {

    public ParsedRun {
        results = List.copyOf(results);
        problems = List.copyOf(problems);
    }

    public long count(TestStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public List<TestResult> failures() {
        return results.stream().filter(r -> r.status().isFailure()).toList();
    }

    public long failingSubtests() {
        return results.stream().flatMap(r -> r.subtests().stream()).filter(s -> s.status().isFailure()).count();
    }
}
