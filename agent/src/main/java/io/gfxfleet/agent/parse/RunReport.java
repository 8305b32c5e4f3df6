package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.List;

/**
 * The JSON account of a parsed run that {@code agent parse} prints (snake_case through
 * {@code Json.MAPPER}); {@code summary.ran} is absent when no {@code Ran N} line came.
 */
public record RunReport(String verdict, Summary summary, List<Test> tests, List<String> problems) {

    public record Summary(Integer ran, long passed, long failed, long error, long skipped, long expectedFailure,
                          long unexpectedSuccess, long crashed, long timedOut, long failingSubtests) {}

    public record Test(String id, String component, String step, TestStatus status, Long durationMillis,
                       String message, String details, List<SubTest> subtests) {}

    public record SubTest(String description, TestStatus status, String message, String details) {}

    /** @param withDetails include tracebacks; without them the report stays small enough to read */
    public static RunReport of(ParsedRun run, boolean withDetails) {
        Summary summary = new Summary(run.ranLineSeen() ? run.ran() : null,
                run.count(TestStatus.PASSED), run.count(TestStatus.FAILED), run.count(TestStatus.ERROR),
                run.count(TestStatus.SKIPPED), run.count(TestStatus.EXPECTED_FAILURE),
                run.count(TestStatus.UNEXPECTED_SUCCESS), run.count(TestStatus.CRASHED),
                run.count(TestStatus.TIMED_OUT), run.failingSubtests());
        List<Test> tests = run.results().stream().map(r -> test(r, withDetails)).toList();
        return new RunReport(run.passed() ? "passed" : "failed", summary, tests, run.problems());
    }

    private static Test test(TestResult r, boolean withDetails) {
        List<SubTest> subtests = r.subtests().stream()
                .map(s -> new SubTest(s.description(), s.status(), s.message(), withDetails ? s.details() : null))
                .toList();
        return new Test(r.testId(), r.component(), r.step(), r.status(), r.durationMillis(), r.message(),
                withDetails ? r.details() : null, subtests.isEmpty() ? null : subtests);
    }
}
