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
    final UnitTestName name;
    final long startMillis;
    Long endMillis;
    TestStatus ownStatus;
    String ownMessage;
    String ownDetails;
    /** The last line of output the test wrote, to find a status glued to output without a newline. */
    String lastOutput;
    /** Summary blocks that the progress lines announced (3.11+), and how many came. */
    int expectedBlocks;
    int blocksRead;
    /** Its run is over: a status came, the next test started, or it is known only from the summary. */
    boolean closed;
    boolean emitted;
    private final Map<String, SubTest> subtests = new LinkedHashMap<>();

    static final class SubTest {
        final String description;
        TestStatus status;
        String message;
        String details;

        SubTest(String description) {
            this.description = description;
        }
    }

    MethodRecord(UnitTestName name, long startMillis) {
        this.name = name;
        this.startMillis = startMillis;
    }

    SubTest subtest(String description) {
        return subtests.computeIfAbsent(description, SubTest::new);
    }

    boolean hasSubtests() {
        return !subtests.isEmpty();
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
                name.fixture() ? null : duration, message(status), ownDetails, subs);
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
