package io.gfxfleet.orchestrator.metrics;

import io.gfxfleet.orchestrator.store.QueueDepth;
import io.gfxfleet.orchestrator.store.ReapResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's own meters, kept in the Prometheus registry that Vert.x also reports its HTTP
 * server metrics and the JVM metrics to, so that one scrape of {@code /metrics} shows them all.
 * Gauges that need the database (queue depth) or the scheduler's state (waiting agents) are
 * refreshed by the scrape itself: no background timer, and never older than the scrape.
 */
public final class FleetMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer leaseGrant;
    private final Counter leasesRequeued;
    private final Counter leasesInfraFailed;
    private final Counter jobsExpired;
    private final Counter resultsIngested;
    private final LabelledGauge queueDepth;
    private final LabelledGauge waitingAgents;

    public FleetMetrics() {
        leaseGrant = Timer.builder("gfxfleet.lease.grant")
                .description("Time from an agent's lease request to its grant, long-poll wait included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        leasesRequeued = Counter.builder("gfxfleet.leases.expired")
                .description("Leases that lapsed without a heartbeat, by what happened to their job")
                .tag("outcome", "requeued").register(registry);
        leasesInfraFailed = Counter.builder("gfxfleet.leases.expired")
                .description("Leases that lapsed without a heartbeat, by what happened to their job")
                .tag("outcome", "infra_error").register(registry);
        jobsExpired = Counter.builder("gfxfleet.jobs.expired")
                .description("Queued jobs that no agent took before their pending deadline")
                .register(registry);
        resultsIngested = Counter.builder("gfxfleet.results.ingested")
                .description("Per-test results stored (resent batches are not counted again)")
                .register(registry);
        queueDepth = new LabelledGauge(registry, "gfxfleet.queue.depth", "Queued jobs by GPU family and run priority");
        waitingAgents = new LabelledGauge(registry, "gfxfleet.agents.waiting",
                "Agents long-polling this replica for a lease, by GPU family they offer");
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void leaseGranted(Duration sinceRequest) {
        leaseGrant.record(sinceRequest);
    }

    public void reaped(ReapResult result) {
        leasesRequeued.increment(result.requeuedJobs().size());
        leasesInfraFailed.increment(result.infraFailedJobs().size());
        jobsExpired.increment(result.expiredJobs().size());
    }

    /** A job's final state as its agent reported it, counted per family. */
    public void verdict(String family, String verdict) {
        Counter.builder("gfxfleet.verdicts")
                .description("Jobs completed by their agent, by GPU family and verdict")
                .tags("family", family, "verdict", verdict)
                .register(registry).increment();
    }

    public void resultsIngested(int count) {
        resultsIngested.increment(count);
    }

    /** The scrape's view of the queue: a family whose queue emptied reads 0. */
    public void queue(List<QueueDepth> depths) {
        Map<Tags, Long> values = new HashMap<>();
        depths.forEach(d -> values.merge(Tags.of("family", d.family(), "priority", d.priority()), d.jobs(), Long::sum));
        queueDepth.set(values);
    }

    public void waiting(Map<String, Integer> agentsByFamily) {
        Map<Tags, Long> values = new HashMap<>();
        agentsByFamily.forEach((family, n) -> values.put(Tags.of("family", family), n.longValue()));
        waitingAgents.set(values);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
