package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What is known so far about one test method while its output streams in. */
final class MethodRecord {
    /** SubTests kept per method: a loop of a million subTests must not grow the heap. */
    static final int MAX_SUBTESTS = 1000;

    final UnitTestName name;
    final long startMillis;
    Long endMillis;
    /**
     * The status unittest gave it: on its description line when the test printed nothing (then no
     * later line changes it), else the last status line before the next description (a test's own
     * output comes before its status, so status-like lines it printed come earlier).
     */
    TestStatus ownStatus;
    /** The status came on the description line itself. */
    boolean statusOnDescriptionLine;
    /** The status before the last one, to fall back on when the final summary does not confirm a FAIL/ERROR. */
    TestStatus previousStatus;
    String previousMessage;
    String ownMessage;
    String ownDetails;
    /** The last line of output the test wrote, to find a status glued to output without a newline. */
    String lastOutput;
    /**
     * Python 3.10 only: the method that was still waiting for its status when this one's description
     * came. Either that method's subTests failed (unittest prints no status then, and the final summary
     * has a block for it) or this description was printed by that method's own code.
     */
    MethodRecord interrupted;
    /** 3.10: a bare status read after descriptions printed while this one ran; its own if they were its output. */
    StatusWord pendingStatus;
    /** A block of the final summary was applied to the method itself. */
    boolean ownBlock;
    boolean emitted;
    private final Map<String, SubTest> subtests = new LinkedHashMap<>();
    private int droppedSubtests;

    static final class SubTest {
        final String description;
        TestStatus status;
        String message;
        String details;
        boolean fromBlock;

        SubTest(String description) {
            this.description = description;
        }
    }

    MethodRecord(UnitTestName name, long startMillis) {
        this.name = name;
        this.startMillis = startMillis;
    }

    /** The subTest with this description, or a throw-away one once {@link #MAX_SUBTESTS} are kept. */
    SubTest subtest(String description) {
        SubTest known = subtests.get(description);
        if (known != null) {
            return known;
        }
        SubTest created = new SubTest(description);
        if (subtests.size() < MAX_SUBTESTS) {
            subtests.put(description, created);
        } else {
            droppedSubtests++;
        }
        return created;
    }

    boolean hasSubtests() {
        return !subtests.isEmpty();
    }

    boolean hasStatus() {
        return ownStatus != null;
    }

    /** SubTest failures the final summary has no block for were printed by the test, not by unittest. */
    int dropSubtestFailuresWithoutBlock() {
        int before = subtests.size();
        subtests.values().removeIf(s -> s.status != null && (s.status == TestStatus.FAILED || s.status == TestStatus.ERROR)
                && !s.fromBlock);
        return before - subtests.size();
    }

    private List<SubTest> failingSubtests() {
        return subtests.values().stream().filter(s -> s.status != null && s.status.isFailure()).toList();
    }

    /**
     * The worse outcome wins (TestStatus.severity); a skipped subTest only decides when nothing else
     * does. Null while nothing is known (3.10 prints nothing for a method whose subTests failed).
     */
    TestStatus overallStatus() {
        Optional<TestStatus> worstFailing = failingSubtests().stream().map(s -> s.status)
                .max(Comparator.comparingInt(TestStatus::severity));
        if (ownStatus != null) {
            return worstFailing.filter(w -> w.severity() > ownStatus.severity()).orElse(ownStatus);
        }
        if (worstFailing.isPresent()) {
            return worstFailing.get();
        }
        return subtests.values().stream().anyMatch(s -> s.status == TestStatus.SKIPPED) ? TestStatus.SKIPPED : null;
    }

    TestResult toResult(String step) {
        TestStatus status = overallStatus();
        List<TestResult.SubTestResult> subs = new ArrayList<>();
        for (SubTest s : subtests.values()) {
            if (s.status != null) {
                subs.add(new TestResult.SubTestResult(s.description, s.status, s.message, s.details));
            }
        }
        Long duration = endMillis == null ? null : Math.max(0, endMillis - startMillis);
        return new TestResult(step, name.component(), name.testId(), name.className(), name.method(), status,
                name.fixture() ? null : duration, message(status), details(), subs);
    }

    private String details() {
        if (droppedSubtests == 0) {
            return ownDetails;
        }
        String note = "[" + droppedSubtests + " more subTests not kept]";
        return ownDetails == null ? note : ownDetails + "\n" + note;
    }

    private String message(TestStatus status) {
        if (ownMessage != null && status == ownStatus) {
            return ownMessage;
        }
        List<SubTest> failing = failingSubtests();
        if (status.isFailure() && !failing.isEmpty()) {
            SubTest first = failing.get(0);
            String firstText = first.message != null ? first.message : first.description;
            return failing.size() + (failing.size() == 1 ? " failing subTest: " : " failing subTests; first: ")
                    + firstText;
        }
        if (status == TestStatus.SKIPPED) {
            return subtests.values().stream().filter(s -> s.status == TestStatus.SKIPPED && s.message != null)
                    .map(s -> "subTest skipped: " + s.message).findFirst().orElse(ownMessage);
        }
        return ownMessage;
    }
}
