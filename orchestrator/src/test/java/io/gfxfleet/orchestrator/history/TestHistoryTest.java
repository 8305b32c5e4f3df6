package io.gfxfleet.orchestrator.history;

import io.gfxfleet.orchestrator.store.TestOutcomes;
import io.gfxfleet.orchestrator.store.TestOutcomes.AttemptOutcome;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static io.gfxfleet.protocol.messages.TestStatus.FAILED;
import static io.gfxfleet.protocol.messages.TestStatus.PASSED;
import static io.gfxfleet.protocol.messages.TestStatus.SKIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Labels of a test's failures across a family's runs. */
class TestHistoryTest {
    /** Jobs oldest first, each one attempt with the given status (null: the test did not run). */
    static List<TestOutcomes> runs(TestStatus... oldestFirst) {
        List<TestOutcomes> jobs = new ArrayList<>();
        for (int i = 0; i < oldestFirst.length; i++) {
            TestStatus s = oldestFirst[i];
            jobs.add(new TestOutcomes("run-" + i, String.valueOf(1000 + i), "7.10.0a" + i, Instant.ofEpochMilli(i), "job-" + i,
                    JobState.FAILED, 1, s == null ? List.of() : List.of(new AttemptOutcome(1, s, null))));
        }
        Collections.reverse(jobs);
        return jobs;
    }

    static List<FailureLabel> labelsOldestFirst(List<TestOutcomes> newestFirst) {
        List<FailureLabel> labels = new ArrayList<>(TestHistory.of("gfx110X-all", "t", newestFirst).entries().stream()
                .map(HistoryEntry::label).toList());
        Collections.reverse(labels);
        return labels;
    }

    @Test
    void aFailureAfterAPassIsNewAndThenStillFailing() {
        assertEquals(Arrays.asList(null, null, FailureLabel.NEW, FailureLabel.STILL_FAILING, FailureLabel.STILL_FAILING),
                labelsOldestFirst(runs(PASSED, PASSED, FAILED, FAILED, FAILED)));
    }

    @Test
    void aFirstEverFailureIsNew() {
        assertEquals(List.of(FailureLabel.NEW), labelsOldestFirst(runs(FAILED)));
    }

    @Test
    void skippedAndNotRunDoNotCountAsThePreviousOutcome() {
        assertEquals(Arrays.asList(null, null, null, FailureLabel.NEW),
                labelsOldestFirst(runs(PASSED, SKIPPED, null, FAILED)));
    }

    @Test
    void flippingBackAndForthIsFlaky() {
        assertEquals(Arrays.asList(null, FailureLabel.NEW, null, FailureLabel.FLAKY),
                labelsOldestFirst(runs(PASSED, FAILED, PASSED, FAILED)));
    }

    @Test
    void flipsOlderThanTheWindowAreForgotten() {
        List<TestStatus> s = new ArrayList<>(List.of(FAILED, PASSED));
        for (int i = 0; i < TestHistory.FLAKY_WINDOW; i++) {
            s.add(PASSED);
        }
        s.add(FAILED);
        List<FailureLabel> labels = labelsOldestFirst(runs(s.toArray(TestStatus[]::new)));
        assertEquals(FailureLabel.NEW, labels.get(labels.size() - 1));
    }

    @Test
    void passingOnRetryOrFailingAfterAPassingAttemptIsFlaky() {
        TestOutcomes retried = new TestOutcomes("r2", "2", "v", Instant.ofEpochMilli(2), "j2", JobState.PASSED, 2,
                List.of(new AttemptOutcome(1, FAILED, "boom"), new AttemptOutcome(2, PASSED, null)));
        TestOutcomes mixed = new TestOutcomes("r3", "3", "v", Instant.ofEpochMilli(3), "j3", JobState.FAILED, 2,
                List.of(new AttemptOutcome(1, PASSED, null), new AttemptOutcome(2, FAILED, "boom")));
        TestHistory h = TestHistory.of("f", "t", List.of(mixed, retried));
        assertEquals(FailureLabel.FLAKY, h.entries().get(1).label());
        assertEquals(PASSED, h.entries().get(1).status());
        assertEquals(1, h.entries().get(1).earlierAttempts().size());
        assertEquals(FailureLabel.FLAKY, h.entries().get(0).label());
        assertEquals("boom", h.entries().get(0).message());
    }

    @Test
    void aTestThatDidNotRunInTheCurrentAttemptHasNoStatus() {
        TestOutcomes lost = new TestOutcomes("r", "1", "v", Instant.EPOCH, "j", JobState.INFRA_ERROR, 2,
                List.of(new AttemptOutcome(1, FAILED, "x")));
        HistoryEntry e = TestHistory.of("f", "t", List.of(lost)).entries().get(0);
        assertNull(e.status());
        assertNull(e.label());
        assertEquals(1, e.earlierAttempts().size());
    }
}
