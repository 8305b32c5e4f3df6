package io.gfxfleet.protocol.messages;

import java.util.List;

/**
 * One test method's result as parsed from {@code rocm-sdk test}: {@code testId} is the dotted
 * unittest id ({@code rocm_sdk.tests.core_test.ROCmCoreTest.testCLI}), {@code component} is
 * base/core/libraries/devel/profiler (or a plan-level check such as {@code gfxfleet}),
 * {@code step} is the plan step that ran it. Failing subTests are listed under their method.
 */
public record TestResult(
        String step,
        String component,
        String testId,
        String className,
        String method,
        TestStatus status,
        Long durationMillis,
        String message,
        String details,
        List<SubTestResult> subtests,
        String python) {

    /**
     * The component of the plan's own checks (install, provenance, false-green checks), which are
     * results but not tests of the build: the agent writes it, the orchestrator leaves such results
     * out of a job's test count (the baseline for "far fewer tests ran than last time").
     */
    public static final String PLAN_COMPONENT = "gfxfleet";

    public TestResult {
        subtests = subtests == null ? List.of() : List.copyOf(subtests);
    }

    public TestResult(String step, String component, String testId, String className, String method, TestStatus status,
                      Long durationMillis, String message, String details, List<SubTestResult> subtests) {
        this(step, component, testId, className, method, status, durationMillis, message, details, subtests, null);
    }

    /** The same result, naming the exact interpreter version that ran it ({@code 3.11.7}). */
    public TestResult withPython(String version) {
        return new TestResult(step, component, testId, className, method, status, durationMillis, message, details, subtests, version);
    }

    /** A failing subTest: its description is the {@code [msg] (k=v)} suffix unittest prints. */
    public record SubTestResult(String description, TestStatus status, String message, String details) {}
}
