package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.exec.BoundedLineSplitter;
import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.parse.ParsedRun;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A saved {@code rocm-sdk test} log (stdout and stderr merged, as a CI log is) as a results source:
 * the same parser as a live run, then each reason not to trust the run (libraries skipped, Ran 0
 * tests, ...) as a failed {@code gfxfleet.<step>.checks} result, as a live job reports them, so a
 * report of the log is never greener than its verdict.
 */
public final class SavedLogSource implements ResultSource {
    private final Path log;
    private final String step;
    private final ParserSettings settings;
    private final StreamEnd end;
    private volatile ParsedRun parsed;

    /**
     * @param step the step name put on each result
     * @param end  how {@code rocm-sdk test} ended, when known ({@link StreamEnd#unrecorded()} if not)
     */
    public SavedLogSource(Path log, String step, ParserSettings settings, StreamEnd end) {
        this.log = Objects.requireNonNull(log, "log");
        this.step = Objects.requireNonNull(step, "step");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.end = Objects.requireNonNull(end, "end");
    }

    @Override
    public JobOutcome run(Consumer<TestResult> results) throws IOException {
        UnittestOutputParser parser = new UnittestOutputParser(step, settings, results);
        BoundedLineSplitter.readFile(log, parser::accept);
        ParsedRun run = parser.finish(end);
        parsed = run;
        for (String problem : run.problems()) {
            results.accept(checkResult(problem));
        }
        return run.passed() ? new JobOutcome(JobState.PASSED, null)
                : new JobOutcome(JobState.FAILED, reason(run));
    }

    /** The parser's account, once {@link #run} has returned. */
    public ParsedRun parsed() {
        if (parsed == null) {
            throw new IllegalStateException("the log " + log + " has not been parsed yet");
        }
        return parsed;
    }

    private TestResult checkResult(String problem) {
        String className = JobRunner.PLAN_COMPONENT + "." + step;
        return new TestResult(step, JobRunner.PLAN_COMPONENT, className + ".checks", className, "checks",
                TestStatus.FAILED, null, problem, null, List.of());
    }

    private static String reason(ParsedRun run) {
        List<String> failing = run.failingTestIds().stream().limit(5).toList();
        String tests = failing.isEmpty() ? "" : "failing: " + String.join(", ", failing)
                + (run.failing() > 5 ? " and " + (run.failing() - 5) + " more" : "");
        String problems = String.join("; ", run.problems());
        return tests.isEmpty() ? problems : problems.isEmpty() ? tests : tests + "; " + problems;
    }
}
