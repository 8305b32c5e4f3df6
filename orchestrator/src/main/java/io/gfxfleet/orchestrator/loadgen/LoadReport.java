package io.gfxfleet.orchestrator.loadgen;

import java.util.Locale;

/** What a load run measured. Latencies in milliseconds; rates per second of the whole run. */
public record LoadReport(int jobsCompleted, int jobsSubmitted, double seconds, double dispatchP50Ms, double dispatchP99Ms,
                         double leaseCyclesPerSecond, double leaseOperationsPerSecond, double resultsPerSecond,
                         double submitsPerSecond, long orchestratorHeapBytes, long orchestratorRssBytes, int errors) {

    public String describe() {
        return String.format(Locale.ROOT, """
                jobs completed            %d of %d in %.1f s
                dispatch latency          p50 %.1f ms, p99 %.1f ms (submission → lease)
                lease cycles / s          %.1f
                lease operations / s      %.1f (acquire, heartbeat, complete)
                results stored / s        %.0f
                submissions / s           %.1f
                orchestrator heap / RSS   %.0f MiB / %.0f MiB
                errors                    %d""",
                jobsCompleted, jobsSubmitted, seconds, dispatchP50Ms, dispatchP99Ms, leaseCyclesPerSecond,
                leaseOperationsPerSecond, resultsPerSecond, submitsPerSecond, orchestratorHeapBytes / 1048576.0,
                orchestratorRssBytes / 1048576.0, errors);
    }
}
