package io.gfxfleet.orchestrator.history;

import io.gfxfleet.orchestrator.store.TestOutcomes;
import io.gfxfleet.orchestrator.store.TestOutcomes.AttemptOutcome;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One test id in one family across recent runs, newest first, each failure labelled. */
public record TestHistory(String family, String testId, List<HistoryEntry> entries) {
    /** How many decided outcomes (pass or fail) back a flip counts towards "flaky". */
    static final int FLAKY_WINDOW = 10;

    public TestHistory {
        entries = List.copyOf(entries);
    }

    private enum Outcome { PASS, FAIL, NONE }

    /** Labels the outcomes of a family's jobs, given newest first as the store returns them. */
    public static TestHistory of(String family, String testId, List<TestOutcomes> newestFirst) {
        List<TestOutcomes> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        List<Outcome> decided = new ArrayList<>();
        List<HistoryEntry> entries = new ArrayList<>();
        for (TestOutcomes job : oldestFirst) {
            AttemptOutcome current = null;
            List<AttemptOutcome> earlier = new ArrayList<>();
            for (AttemptOutcome a : job.attempts()) {
                if (a.attempt() == job.jobAttempt()) {
                    current = a;
                } else if (a.attempt() < job.jobAttempt()) {
                    earlier.add(a);
                }
            }
            Outcome now = current == null ? Outcome.NONE : outcome(current.status());
            boolean mixedInJob = now != Outcome.NONE
                    && earlier.stream().map(a -> outcome(a.status())).anyMatch(o -> o != Outcome.NONE && o != now);
            FailureLabel label = null;
            if (now == Outcome.FAIL) {
                Outcome previous = decided.isEmpty() ? Outcome.NONE : decided.get(decided.size() - 1);
                List<Outcome> window = new ArrayList<>(decided.subList(Math.max(0, decided.size() - (FLAKY_WINDOW - 1)), decided.size()));
                window.add(now);
                if (mixedInJob || flips(window) >= 2) {
                    label = FailureLabel.FLAKY;
                } else if (previous == Outcome.FAIL) {
                    label = FailureLabel.STILL_FAILING;
                } else {
                    label = FailureLabel.NEW;
                }
            } else if (now == Outcome.PASS && mixedInJob) {
                // Passed on retry: green, but not to be trusted.
                label = FailureLabel.FLAKY;
            }
            if (now != Outcome.NONE) {
                decided.add(now);
            }
            entries.add(new HistoryEntry(job.runKey(), job.runId(), job.version(), job.createdAt(), job.jobId(),
                    job.jobState(), job.jobAttempt(), current == null ? null : current.status(),
                    current == null ? null : current.message(), earlier, label));
        }
        Collections.reverse(entries);
        return new TestHistory(family, testId, entries);
    }

    private static Outcome outcome(TestStatus s) {
        if (s.isFailure()) {
            return Outcome.FAIL;
        }
        return s == TestStatus.PASSED || s == TestStatus.EXPECTED_FAILURE ? Outcome.PASS : Outcome.NONE;
    }

    private static int flips(List<Outcome> window) {
        int n = 0;
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i) != window.get(i - 1)) {
                n++;
            }
        }
        return n;
    }
}
