package io.gfxfleet.agent.engine;

import io.gfxfleet.protocol.messages.TestResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

import java.util.Set;

/**
 * One unittest method (or one plan check) whose result is already known: it is registered,
 * started and finished in one go. Its tag is the result's status ({@code passed},
 * {@code expected_failure}, ...), which the platform's own status cannot tell apart.
 */
final class TestCaseDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "test";
    /** The same test id reported again in the same step and component (e.g. several plan checks). */
    static final String REPEAT_SEGMENT = "repeat";

    private final String legacyName;
    private final Set<TestTag> tags;

    TestCaseDescriptor(UniqueId uniqueId, TestResult result) {
        super(uniqueId, name(result), source(result));
        this.legacyName = name(result);
        this.tags = Set.of(TestTag.create(result.status().wireName()));
    }

    static UniqueId uniqueId(UniqueId componentId, String testId, int occurrence) {
        UniqueId id = componentId.append(SEGMENT, testId);
        return occurrence == 1 ? id : id.append(REPEAT_SEGMENT, Integer.toString(occurrence));
    }

    private static String name(TestResult r) {
        return r.method() == null || r.method().isBlank() ? r.testId() : r.method();
    }

    private static MethodSource source(TestResult r) {
        boolean named = r.className() != null && !r.className().isBlank() && r.method() != null && !r.method().isBlank();
        return named ? MethodSource.from(r.className(), r.method()) : null;
    }

    @Override
    public String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }
}
