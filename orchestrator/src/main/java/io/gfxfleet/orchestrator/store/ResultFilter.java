package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.TestStatus;

import java.util.Arrays;
import java.util.List;

/**
 * Which of a job's results a page holds: all, only the failing ones (the dashboard shows those in
 * full, first) or only the others (passes, skips, expected failures: paged).
 */
public enum ResultFilter {
    ALL, FAILURES, OTHERS;

    /** The failing statuses' wire names, as stored. */
    public static List<String> failingStatuses() {
        return Arrays.stream(TestStatus.values()).filter(TestStatus::isFailure).map(TestStatus::wireName).toList();
    }

    /** The {@code only} query parameter: absent, {@code failures} or {@code others}. */
    public static ResultFilter parse(String text) {
        if (text == null) {
            return ALL;
        }
        return switch (text) {
            case "failures" -> FAILURES;
            case "others" -> OTHERS;
            default -> throw new IllegalArgumentException("only must be failures or others, got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        };
    }
}
