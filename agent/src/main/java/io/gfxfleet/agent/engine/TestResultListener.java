package io.gfxfleet.agent.engine;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns each finished (or skipped) gfxfleet test case back into the {@link TestResult} the engine
 * was given, and hands it on: how the JUnit XML report reads a launch (the result streamer gets
 * results from the runner directly, see {@code ResultSink}). Step, component and test id
 * come from the unique id; class and method from the test's {@link MethodSource}; the status from
 * its tag; message, traceback and subTests from the failure's {@link FailureText}, or for results
 * that did not fail from the engine's {@link ResultEntry}.
 *
 * <p>The launcher logs and swallows a listener's exceptions; so that no result is lost silently,
 * the first one is kept and can be checked with {@link #failure()}.
 */
public final class TestResultListener implements TestExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(TestResultListener.class);

    private final Consumer<TestResult> results;
    private final Map<UniqueId, Map<String, String>> entries = new HashMap<>();
    private volatile RuntimeException failure;
    private volatile long forwarded;

    public TestResultListener(Consumer<TestResult> results) {
        this.results = Objects.requireNonNull(results, "results");
    }

    /** The first error met while turning a test case back into a result, if any. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** How many results were handed on. */
    public long forwarded() {
        return forwarded;
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        if (isTestCase(test)) {
            entries.computeIfAbsent(test.getUniqueIdObject(), k -> new LinkedHashMap<>()).putAll(entry.getKeyValuePairs());
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        if (isTestCase(test)) {
            forward(test, null);
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (isTestCase(test)) {
            forward(test, result);
        }
    }

    private void forward(TestIdentifier test, TestExecutionResult result) {
        Map<String, String> pairs = entries.remove(test.getUniqueIdObject());
        TestResult r;
        try {
            r = toResult(test, result, pairs == null ? Map.of() : pairs);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
            log.error("cannot turn test case {} back into a result", test.getUniqueId(), e);
            return;
        }
        results.accept(r);
        forwarded++;
    }

    static boolean isTestCase(TestIdentifier test) {
        List<UniqueId.Segment> segments = test.getUniqueIdObject().getSegments();
        return test.isTest() && segments.get(0).getValue().equals(GfxfleetTestEngine.ID)
                && segments.stream().anyMatch(s -> s.getType().equals(TestCaseDescriptor.SEGMENT));
    }

    private static TestResult toResult(TestIdentifier test, TestExecutionResult result, Map<String, String> pairs) {
        Map<String, String> segments = new HashMap<>();
        for (UniqueId.Segment s : test.getUniqueIdObject().getSegments()) {
            segments.put(s.getType(), s.getValue());
        }
        TestStatus status = status(test);
        Optional<MethodSource> source = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        String className = source.map(MethodSource::getClassName).orElse(null);
        String method = source.map(MethodSource::getMethodName).orElse(null);
        ResultEntry extras = ResultEntry.from(pairs);
        FailureText failed = result == null ? null : result.getThrowable().map(TestResultListener::failureText).orElse(null);
        if (status.isFailure() && failed == null) {
            throw new IllegalStateException("test case " + test.getUniqueId() + " is " + status.wireName()
                    + " but finished " + (result == null ? "skipped" : result.getStatus() + " without its failure text"));
        }
        boolean fromFailure = failed != null;
        return new TestResult(segments.get(StepDescriptor.SEGMENT), segments.get(ComponentDescriptor.SEGMENT),
                segments.get(TestCaseDescriptor.SEGMENT), className, method, status, extras.durationMillis(),
                fromFailure ? failed.message() : extras.message(), fromFailure ? failed.details() : extras.details(),
                fromFailure ? failed.subtests() : extras.subtests());
    }

    private static TestStatus status(TestIdentifier test) {
        List<TestStatus> tagged = test.getTags().stream().map(TestTag::getName)
                .flatMap(name -> Arrays.stream(TestStatus.values()).filter(s -> s.wireName().equals(name)))
                .toList();
        if (tagged.size() != 1) {
            throw new IllegalStateException("test case " + test.getUniqueId() + " has no single status tag: " + test.getTags());
        }
        return tagged.get(0);
    }

    private static FailureText failureText(Throwable t) {
        if (t instanceof TestFailure f) {
            return f.text();
        }
        if (t instanceof TestError e) {
            return e.text();
        }
        return null;
    }
}
