package io.gfxfleet.orchestrator.loadgen;

import java.util.Locale;

/**
 * What a load run measured. Latencies in milliseconds. Rates are per second of the agents' phase:
 * from the agents' start to the last completion (with a queue filled up front, the filling is
 * timed separately in {@code submitSeconds}).
 */
public record LoadReport(int jobsCompleted, int jobsSubmitted, double seconds, Latency dispatchAll, Latency dispatchAfterWarmup,
                         int warmupJobs, double leaseCyclesPerSecond, double leaseOperationsPerSecond, double resultsPerSecond,
                         double submitsPerSecond, double submitSeconds, boolean queueFirst, long orchestratorHeapBytes,
                         long orchestratorRssBytes, double loadgenCpuSeconds, double orchestratorCpuSeconds,
                         int errors) {

    /** Percentiles of submission → lease over {@code samples} dispatches. */
    public record Latency(int samples, double p50Ms, double p99Ms, double maxMs) {
        String describe() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d jobs", p50Ms, p99Ms, maxMs, samples);
        }
    }

    public String describe() {
        String dispatch = queueFirst
                ? "n/a (queue filled up front: jobs wait for a free agent)"
                : dispatchAll.describe() + " (submission → lease)";
        String warm = queueFirst || warmupJobs == 0 ? ""
                : String.format(Locale.ROOT, "%n  after warm-up            %s (the first %d dispatches left out: JIT warm-up)",
                        dispatchAfterWarmup.describe(), warmupJobs);
        String submit = queueFirst
                ? String.format(Locale.ROOT, "%.1f (queue of %d filled in %.1f s before the agents started)", submitsPerSecond, jobsSubmitted, submitSeconds)
                : String.format(Locale.ROOT, "%.1f", submitsPerSecond);
        return String.format(Locale.ROOT, """
                jobs completed            %d of %d in %.1f s
                dispatch latency          %s%s
                lease cycles / s          %.1f
                lease operations / s      %.1f (acquire, heartbeat, complete)
                results stored / s        %.0f
                submissions / s           %s
                orchestrator heap / RSS   %.0f MiB / %.0f MiB
                CPU in the agents' phase  orchestrator %.1f s (%.2f ms per lease operation, concurrent submissions included); loadgen %.1f s in all
                errors                    %d""",
                jobsCompleted, jobsSubmitted, seconds, dispatch, warm, leaseCyclesPerSecond,
                leaseOperationsPerSecond, resultsPerSecond, submit, orchestratorHeapBytes / 1048576.0,
                orchestratorRssBytes / 1048576.0, orchestratorCpuSeconds,
                orchestratorCpuSeconds * 1000 / Math.max(1, leaseOperationsPerSecond * seconds), loadgenCpuSeconds, errors);
    }
}
