package io.gfxfleet.agent.metrics;

import io.gfxfleet.protocol.messages.JobState;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this agent process has done, for its log (a line after each job) and, when asked for, a
 * Prometheus scrape ({@link MetricsServer}). Plain adders rather than Micrometer: the agent is a
 * small jlinked distribution and these few counters need no library.
 */
public final class AgentCounters {
    private final LongAdder leaseRequests = new LongAdder();
    private final LongAdder leasesGranted = new LongAdder();
    private final LongAdder orchestratorUnreachable = new LongAdder();
    private final LongAdder resultsSent = new LongAdder();
    private final DoubleAdder jobSeconds = new DoubleAdder();
    private final Map<JobState, LongAdder> jobs = new EnumMap<>(JobState.class);

    public AgentCounters() {
        for (JobState s : JobState.values()) {
            jobs.put(s, new LongAdder());
        }
    }

    public void leaseRequested(boolean granted) {
        leaseRequests.increment();
        if (granted) {
            leasesGranted.increment();
        }
    }

    public void orchestratorUnreachable() {
        orchestratorUnreachable.increment();
    }

    public void jobDone(JobState verdict, double seconds) {
        jobs.get(verdict).increment();
        jobSeconds.add(seconds);
    }

    public void resultsSent(long count) {
        resultsSent.add(count);
    }

    public long jobs(JobState verdict) {
        return jobs.get(verdict).sum();
    }

    public long resultsSent() {
        return resultsSent.sum();
    }

    /** One log line: {@code jobs passed=1 failed=0 ...; results sent 3; leases 1 of 4 requests; ...}. */
    public String summary() {
        StringJoiner byVerdict = new StringJoiner(" ");
        jobs.forEach((state, n) -> {
            if (state.isAgentVerdict()) {
                byVerdict.add(state.wireName() + "=" + n.sum());
            }
        });
        return "jobs " + byVerdict + "; job time " + Math.round(jobSeconds.sum()) + " s; results sent " + resultsSent.sum()
                + "; leases " + leasesGranted.sum() + " of " + leaseRequests.sum() + " requests; orchestrator unreachable "
                + orchestratorUnreachable.sum() + " times";
    }

    /** The Prometheus text exposition (format 0.0.4) of every counter. */
    public String prometheus() {
        StringBuilder out = new StringBuilder();
        counter(out, "gfxfleet_agent_lease_requests_total", "Lease requests sent (long polls included)", leaseRequests.sum());
        counter(out, "gfxfleet_agent_leases_granted_total", "Leases this agent was granted", leasesGranted.sum());
        counter(out, "gfxfleet_agent_orchestrator_unreachable_total", "Lease requests that could not reach the orchestrator",
                orchestratorUnreachable.sum());
        counter(out, "gfxfleet_agent_results_sent_total", "Per-test results streamed to the orchestrator", resultsSent.sum());
        counter(out, "gfxfleet_agent_job_seconds_total", "Wall time spent running leased jobs", jobSeconds.sum());
        out.append("# HELP gfxfleet_agent_jobs_total Jobs this agent ran, by verdict\n# TYPE gfxfleet_agent_jobs_total counter\n");
        jobs.forEach((state, n) -> {
            if (state.isAgentVerdict()) {
                out.append("gfxfleet_agent_jobs_total{verdict=\"").append(state.wireName()).append("\"} ").append(n.sum()).append('\n');
            }
        });
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
