package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one job's results source and reports each result as it arrives: the step and component it
 * belongs to are registered (dynamically) the first time they are named, then the test case is
 * registered, started and finished. Steps and components stay open until the job ends, because
 * a step's plan checks can follow its tests and a failing test's result only comes with the
 * summary. Containers succeed: a report charges a container's failure to every test in it, and
 * the job's verdict travels separately (the source's return value); only a job without any
 * result carries its verdict itself.
 */
final class JobExecution {
    private final JobDescriptor job;
    private final EngineExecutionListener listener;
    private final Map<String, StepDescriptor> steps = new LinkedHashMap<>();
    /** Components by step, in the order they first appeared. */
    private final Map<String, Map<String, ComponentDescriptor>> components = new LinkedHashMap<>();
    private final Map<UniqueId, Integer> occurrences = new HashMap<>();
    private boolean finished;

    JobExecution(JobDescriptor job, EngineExecutionListener listener) {
        this.job = job;
        this.listener = listener;
    }

    void run() {
        listener.executionStarted(job);
        TestExecutionResult result;
        try {
            JobOutcome outcome = job.source().run(this::report);
            result = verdictOfAJobWithoutResults(outcome);
        } catch (IOException | RuntimeException e) {
            result = TestExecutionResult.failed(e);
        }
        finishContainers();
        listener.executionFinished(job, result);
    }

    /**
     * A job that produced no result at all (refused before it ran, say) is a leaf, and a report
     * would show it as a test case: it then carries the verdict itself, so it cannot look green.
     */
    private synchronized TestExecutionResult verdictOfAJobWithoutResults(JobOutcome outcome) {
        if (!steps.isEmpty() || outcome == null || outcome.verdict() == JobState.PASSED) {
            return TestExecutionResult.successful();
        }
        String why = outcome.verdict().wireName() + (outcome.reason() == null ? "" : ": " + outcome.reason());
        return TestExecutionResult.failed(new TestError(new FailureText(TestStatus.ERROR, why, null, List.of())));
    }

    /** Results can come from a process's output thread; the platform's listeners see them one at a time. */
    private synchronized void report(TestResult r) {
        if (finished) {
            throw new IllegalStateException("job " + job.getDisplayName() + " got a result after its source returned: " + r);
        }
        check(r);
        ComponentDescriptor component = component(step(r.step()), r.step(), r.component());
        UniqueId base = component.getUniqueId().append(TestCaseDescriptor.SEGMENT, r.testId());
        int occurrence = occurrences.merge(base, 1, Integer::sum);
        TestCaseDescriptor testCase = new TestCaseDescriptor(
                TestCaseDescriptor.uniqueId(component.getUniqueId(), r.testId(), occurrence), r);
        register(component, testCase);
        ResultEntry extras = ResultEntry.of(r);
        if (r.status() == TestStatus.SKIPPED) {
            extras.toReportEntry().ifPresent(e -> listener.reportingEntryPublished(testCase, e));
            listener.executionSkipped(testCase, r.message() == null ? "" : r.message());
        } else {
            listener.executionStarted(testCase);
            extras.toReportEntry().ifPresent(e -> listener.reportingEntryPublished(testCase, e));
            listener.executionFinished(testCase, r.status().isFailure()
                    ? TestExecutionResult.failed(TestFailure.of(FailureText.of(r)))
                    : TestExecutionResult.successful());
        }
        // Reported: the tree need not keep the result (and its traceback) for the rest of the job.
        component.removeChild(testCase);
    }

    private static void check(TestResult r) {
        String problem = r == null ? "a null result"
                : blank(r.step()) ? "a result without a step: " + r
                : blank(r.component()) ? "a result without a component: " + r
                : blank(r.testId()) ? "a result without a test id: " + r
                : r.status() == null ? "a result without a status: " + r
                : null;
        if (problem != null) {
            throw new IllegalArgumentException("the results source produced " + problem);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private StepDescriptor step(String name) {
        StepDescriptor step = steps.get(name);
        if (step == null) {
            step = new StepDescriptor(job.getUniqueId(), name);
            steps.put(name, step);
            components.put(name, new LinkedHashMap<>());
            register(job, step);
            listener.executionStarted(step);
        }
        return step;
    }

    private ComponentDescriptor component(StepDescriptor step, String stepName, String name) {
        Map<String, ComponentDescriptor> ofStep = components.get(stepName);
        ComponentDescriptor component = ofStep.get(name);
        if (component == null) {
            component = new ComponentDescriptor(step.getUniqueId(), stepName, name);
            ofStep.put(name, component);
            register(step, component);
            listener.executionStarted(component);
        }
        return component;
    }

    private void register(TestDescriptor parent, TestDescriptor child) {
        parent.addChild(child);
        listener.dynamicTestRegistered(child);
    }

    private synchronized void finishContainers() {
        finished = true;
        for (var step : steps.entrySet()) {
            List<ComponentDescriptor> open = new ArrayList<>(components.get(step.getKey()).values());
            for (ComponentDescriptor component : open) {
                listener.executionFinished(component, TestExecutionResult.successful());
            }
            listener.executionFinished(step.getValue(), TestExecutionResult.successful());
        }
    }
}
