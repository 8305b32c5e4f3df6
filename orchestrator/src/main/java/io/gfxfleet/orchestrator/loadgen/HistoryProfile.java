package io.gfxfleet.orchestrator.loadgen;

import java.time.Duration;

/**
 * How much history to write: {@code runs} runs spread evenly over the {@code span} ending now,
 * {@code jobsPerRun} families each, {@code resultsPerJob} test results per job (TheRock's year is
 * about 100,000 runs, 1,000,000 jobs, 30,000,000 results), written by {@code threads} threads.
 * {@code seed} makes two fills of the same size the same history.
 */
public record HistoryProfile(int runs, int jobsPerRun, int resultsPerJob, Duration span, int threads, long seed) {
    public static final int MAX_RUNS = 10_000_000;
    public static final int MAX_RESULTS_PER_JOB = 100_000;

    public HistoryProfile {
        if (runs < 1 || runs > MAX_RUNS) {
            throw new IllegalArgumentException("runs must be between 1 and " + MAX_RUNS + ", got " + runs);
        }
        if (jobsPerRun < 1 || jobsPerRun > HistoryFill.FAMILIES.size()) {
            throw new IllegalArgumentException("jobs per run must be between 1 and " + HistoryFill.FAMILIES.size()
                    + " (one per GPU family), got " + jobsPerRun);
        }
        if (resultsPerJob < 1 || resultsPerJob > MAX_RESULTS_PER_JOB) {
            throw new IllegalArgumentException("results per job must be between 1 and " + MAX_RESULTS_PER_JOB + ", got " + resultsPerJob);
        }
        if (span.isNegative() || span.isZero() || span.toDays() > 3650) {
            throw new IllegalArgumentException("the simulated span must be between 1 day and 10 years, got " + span);
        }
        if (threads < 1 || threads > 16) {
            throw new IllegalArgumentException("threads must be between 1 and 16, got " + threads);
        }
    }
}
