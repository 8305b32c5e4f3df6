package io.gfxfleet.orchestrator.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * The load to simulate: {@code agents} agents long-polling for {@code families}, {@code jobs} runs
 * of one job each submitted at {@code submitRate} per second; each job heartbeats once, sends
 * {@code batches} batches of {@code batchSize} results, then completes.
 * <p>
 * {@code queueFirst}: submit every run before any agent starts, so the agents measure lease
 * capacity against a full queue rather than the submitter's pace. {@code warmupJobs}: the first
 * dispatches (JIT compilation of a fresh orchestrator) are reported apart from the rest.
 */
public record LoadProfile(int agents, int jobs, double submitRate, int batches, int batchSize, List<String> families,
                          Duration timeout, boolean queueFirst, int warmupJobs) {
    public LoadProfile {
        if (agents < 1 || jobs < 1 || submitRate <= 0 || batches < 0 || batchSize < 1 || families.isEmpty()) {
            throw new IllegalArgumentException("agents, jobs, rate and batch size must be positive, families not empty");
        }
        if (warmupJobs < 0 || warmupJobs >= jobs) {
            throw new IllegalArgumentException("warm-up jobs must be between 0 and jobs - 1, got " + warmupJobs);
        }
        families = List.copyOf(families);
    }

    public LoadProfile(int agents, int jobs, double submitRate, int batches, int batchSize, List<String> families, Duration timeout) {
        this(agents, jobs, submitRate, batches, batchSize, families, timeout, false, 0);
    }
}
