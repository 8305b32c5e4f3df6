package io.gfxfleet.agent.results;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.protocol.messages.TestResult;

import java.util.List;
import java.util.function.Consumer;

/**
 * A consumer of a job's results, pushed to it by the job runner as they are parsed: the result
 * streamer (to the orchestrator) and the report (JUnit XML). Each sink sees every result, in the
 * order the runner produced them.
 */
public interface ResultSink {
    /** One result; may be called from a process's output thread, one call at a time. */
    void accept(TestResult result);

    /** The runner returned {@code outcome}: no result follows. */
    default void jobEnded(JobOutcome outcome) {}

    /** Every result to each of {@code sinks}, in the order given. */
    static ResultSink all(List<? extends ResultSink> sinks) {
        List<ResultSink> copy = List.copyOf(sinks);
        return new ResultSink() {
            @Override
            public void accept(TestResult result) {
                copy.forEach(s -> s.accept(result));
            }

            @Override
            public void jobEnded(JobOutcome outcome) {
                copy.forEach(s -> s.jobEnded(outcome));
            }
        };
    }

    /** {@code sink}'s results as a plain consumer, for code that takes one (the runner, a saved-log source). */
    static Consumer<TestResult> consumer(ResultSink sink) {
        return sink::accept;
    }
}
