package io.gfxfleet.orchestrator.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * The load to simulate: {@code agents} agents long-polling for {@code families}, {@code jobs} runs
 * of one job each submitted at {@code submitRate} per second; each job heartbeats once, sends
 * {@code batches} batches of {@code batchSize} results, then completes.
 */
public record LoadProfile(int agents, int jobs, double submitRate, int batches, int batchSize, List<String> families,
                          Duration timeout) {
    public LoadProfile {
        if (agents < 1 || jobs < 1 || submitRate <= 0 || batches < 0 || batchSize < 1 || families.isEmpty()) {
            throw new IllegalArgumentException("agents, jobs, rate and batch size must be positive, families not empty");
        }
        families = List.copyOf(families);
    }
}
