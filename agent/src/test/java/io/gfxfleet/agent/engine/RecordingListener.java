package io.gfxfleet.agent.engine;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records what the launcher told its listeners, in order (the platform testkit is not a dependency here). */
final class RecordingListener implements TestExecutionListener {
    record Event(String kind, TestIdentifier test, TestExecutionResult result, String reason) {}

    final List<Event> events = new ArrayList<>();
    final Map<String, TestIdentifier> registered = new LinkedHashMap<>();
    TestPlan plan;
    boolean planFinished;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        planFinished = true;
    }

    @Override
    public synchronized void dynamicTestRegistered(TestIdentifier test) {
        registered.put(test.getUniqueId(), test);
        events.add(new Event("registered", test, null, null));
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        events.add(new Event("started", test, null, null));
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        events.add(new Event("skipped", test, null, reason));
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        events.add(new Event("finished", test, result, null));
    }

    /** Test cases that ended (finished or skipped), in order. */
    List<Event> testCaseEnds() {
        return events.stream().filter(e -> !e.kind().equals("registered") && !e.kind().equals("started"))
                .filter(e -> e.test().isTest()).toList();
    }

    Optional<Event> end(String uniqueIdSuffix) {
        return testCaseEnds().stream().filter(e -> e.test().getUniqueId().endsWith(uniqueIdSuffix)).findFirst();
    }

    /** The display names from the engine down to this test: engine, job, step, component, test case. */
    List<String> path(TestIdentifier test) {
        List<String> names = new ArrayList<>();
        Optional<TestIdentifier> current = Optional.of(test);
        while (current.isPresent()) {
            names.add(0, current.get().getDisplayName());
            current = plan.getParent(current.get());
        }
        return names;
    }
}
