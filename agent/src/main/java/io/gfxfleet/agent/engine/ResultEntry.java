package io.gfxfleet.agent.engine;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.platform.engine.reporting.ReportEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a result that the platform's own events cannot carry, published as a report entry
 * just before the test case ends: the duration unittest measured (the platform only sees the
 * instant the result was reported), and for results that did not fail (no throwable to carry
 * them) the message, details and subTests. Null and blank values are left out.
 *
 * @param durationMillis how long the test ran, null when not known
 */
record ResultEntry(Long durationMillis, String message, String details, List<TestResult.SubTestResult> subtests) {
    static final String DURATION = "duration_ms";
    static final String MESSAGE = "message";
    static final String DETAILS = "details";
    private static final String SUBTEST = "subtest.";

    ResultEntry {
        subtests = subtests == null ? List.of() : List.copyOf(subtests);
    }

    static ResultEntry of(TestResult r) {
        return r.status().isFailure()
                ? new ResultEntry(r.durationMillis(), null, null, List.of())
                : new ResultEntry(r.durationMillis(), r.message(), r.details(), r.subtests());
    }

    Optional<ReportEntry> toReportEntry() {
        Map<String, String> pairs = new LinkedHashMap<>();
        put(pairs, DURATION, durationMillis == null ? null : durationMillis.toString());
        put(pairs, MESSAGE, message);
        put(pairs, DETAILS, details);
        for (int i = 0; i < subtests.size(); i++) {
            TestResult.SubTestResult s = subtests.get(i);
            String prefix = SUBTEST + (i + 1) + ".";
            put(pairs, prefix + "description", s.description());
            put(pairs, prefix + "status", s.status().wireName());
            put(pairs, prefix + "message", s.message());
            put(pairs, prefix + "details", s.details());
        }
        return pairs.isEmpty() ? Optional.empty() : Optional.of(ReportEntry.from(pairs));
    }

    /** Reads back what {@link #toReportEntry()} wrote (entries of other publishers are ignored). */
    static ResultEntry from(Map<String, String> pairs) {
        String duration = pairs.get(DURATION);
        List<TestResult.SubTestResult> subtests = new ArrayList<>();
        for (int i = 1; pairs.containsKey(SUBTEST + i + ".status"); i++) {
            String prefix = SUBTEST + i + ".";
            subtests.add(new TestResult.SubTestResult(pairs.get(prefix + "description"),
                    TestStatus.parse(pairs.get(prefix + "status")), pairs.get(prefix + "message"), pairs.get(prefix + "details")));
        }
        return new ResultEntry(duration == null ? null : Long.valueOf(duration), pairs.get(MESSAGE), pairs.get(DETAILS), subtests);
    }

    private static void put(Map<String, String> pairs, String key, String value) {
        if (value != null && !value.isBlank()) {
            pairs.put(key, value);
        }
    }
}
