package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.protocol.messages.TestResult;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where a job's results come from: a live run of its test plan, or a saved {@code rocm-sdk test}
 * log. The engine calls {@link #run} once, on the thread that executes the job.
 */
@FunctionalInterface
public interface ResultSource {

    /**
     * Produces every result, in order, to {@code results}, then returns the job's verdict. Results
     * may be handed over from other threads, but all before this method returns.
     */
    JobOutcome run(Consumer<TestResult> results) throws IOException;
}
