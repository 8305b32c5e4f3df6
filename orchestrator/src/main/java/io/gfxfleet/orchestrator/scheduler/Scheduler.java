package io.gfxfleet.orchestrator.scheduler;

import io.gfxfleet.orchestrator.metrics.FleetMetrics;
import io.gfxfleet.orchestrator.store.AgentOffer;
import io.gfxfleet.orchestrator.store.Lease;
import io.gfxfleet.orchestrator.store.ReapResult;
import io.gfxfleet.orchestrator.store.LeaseStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Hands queued jobs to long-polling agents. An agent that finds nothing waits here until new work
 * is signalled or its poll times out; the reaper returns expired leases to the queue as they expire.
 * All state is touched on the event loop; store calls run on a worker pool.
 */
public final class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** Replicas and missed signals: even without a signal, waiting agents re-check this often. */
    private static final long RECHECK_MILLIS = 2_000;

    private final Vertx vertx;
    private final LeaseStore store;
    private final WorkerExecutor workers;
    private final LeasePolicy policy;
    private final FleetMetrics metrics;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    /** The verticle's context: all scheduler state is touched only from it. */
    private final Context context;
    private boolean draining;
    private boolean signalled;
    /** Counts signals, so an agent that missed one while its own claim ran can tell. */
    private long signals;
    private long reaperTimer = -1;
    private volatile boolean stopped;
    private long recheckTimer = -1;

    private final class Waiter {
        final AgentOffer offer;
        final Promise<Optional<Lease>> promise = Promise.promise();
        long timer;

        Waiter(AgentOffer offer) {
            this.offer = offer;
        }
    }

    public Scheduler(Vertx vertx, LeaseStore store, WorkerExecutor workers, LeasePolicy policy) {
        this(vertx, store, workers, policy, new FleetMetrics());
    }

    public Scheduler(Vertx vertx, LeaseStore store, WorkerExecutor workers, LeasePolicy policy, FleetMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.store = store;
        this.workers = workers;
        this.policy = policy;
        this.context = vertx.getOrCreateContext();
    }

    /** {@link #jobsAvailable()} from any thread (e.g. a database notification). */
    public void signal() {
        context.runOnContext(v -> jobsAvailable());
    }

    public LeasePolicy policy() {
        return policy;
    }

    public void start() {
        reapAfter(Duration.ZERO);
        recheckTimer = vertx.setPeriodic(RECHECK_MILLIS, id -> jobsAvailable());
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(reaperTimer);
        vertx.cancelTimer(recheckTimer);
        for (Waiter w : waiters) {
            vertx.cancelTimer(w.timer);
            w.promise.tryComplete(Optional.empty());
        }
        waiters.clear();
    }

    /**
     * Long-poll: a lease now if one is free, else the first one that frees up within {@code wait}.
     * When {@code clientGone} completes (the agent hung up) the agent stops waiting at once: a
     * departed agent's place in the queue would otherwise win leases that nobody receives, each
     * claimed and released again until its poll timed out.
     */
    public Future<Optional<Lease>> acquire(AgentOffer offer, Duration wait, Future<Void> clientGone) {
        long requested = System.nanoTime();
        return waitForLease(offer, wait, clientGone).onSuccess(lease -> lease.ifPresent(
                l -> metrics.leaseGranted(Duration.ofNanos(System.nanoTime() - requested))));
    }

    private Future<Optional<Lease>> waitForLease(AgentOffer offer, Duration wait, Future<Void> clientGone) {
        Duration bounded = wait.compareTo(policy.maxLongPoll()) > 0 ? policy.maxLongPoll() : wait;
        long signalsBefore = signals;
        return claim(offer).compose(lease -> {
            if (lease.isPresent() || bounded.isZero() || bounded.isNegative()) {
                return Future.succeededFuture(lease);
            }
            Waiter w = new Waiter(offer);
            w.timer = vertx.setTimer(bounded.toMillis(), id -> {
                waiters.remove(w);
                w.promise.tryComplete(Optional.empty());
            });
            waiters.addLast(w);
            clientGone.onComplete(gone -> {
                if (waiters.remove(w)) {
                    vertx.cancelTimer(w.timer);
                    w.promise.tryComplete(Optional.empty());
                }
            });
            if (signals != signalsBefore) {
                // Work arrived while this agent's claim ran and was offered to the waiters before it
                // joined them: offer it again now rather than at the next periodic re-check.
                jobsAvailable();
            }
            return w.promise.future();
        });
    }

    private Future<Optional<Lease>> claim(AgentOffer offer) {
        return workers.executeBlocking(() -> store.claim(offer, policy.ttl(), policy.maxAttempts()), false);
    }

    /**
     * New or returned work: offer it to the waiting agents. Waiters are grouped by what they offer
     * (families and labels); each group gets one claim transaction that leases a job to as many of
     * its agents, in arrival order, as the queue allows. One pass at a time; a signal during a pass
     * triggers another, so nothing is missed.
     */
    public void jobsAvailable() {
        signals++;
        if (draining) {
            signalled = true;
            return;
        }
        if (waiters.isEmpty()) {
            return;
        }
        draining = true;
        signalled = false;
        Map<List<List<String>>, List<Waiter>> groups = new LinkedHashMap<>();
        for (Waiter w : waiters) {
            groups.computeIfAbsent(List.of(w.offer.families(), w.offer.labels()), k -> new ArrayList<>()).add(w);
        }
        List<Future<List<Lease>>> claims = new ArrayList<>();
        for (List<Waiter> group : groups.values()) {
            List<AgentOffer> offers = group.stream().map(w -> w.offer).toList();
            claims.add(workers.executeBlocking(() -> store.claimForWaiting(offers, policy.ttl(), policy.maxAttempts()), false)
                    .onSuccess(leases -> leases.forEach(lease -> hand(group, lease)))
                    .onFailure(e -> log.warn("claim for waiting agents failed: {}", e.toString())));
        }
        Future.join(claims).onComplete(done -> {
            draining = false;
            if (signalled) {
                jobsAvailable();
            }
        });
    }

    /** Gives a lease to the waiting agent it was claimed for, or back to the queue if that agent left. */
    private void hand(List<Waiter> group, Lease lease) {
        for (Waiter w : group) {
            if (w.offer.agentId().equals(lease.agentId()) && waiters.remove(w) && w.promise.tryComplete(Optional.of(lease))) {
                vertx.cancelTimer(w.timer);
                return;
            }
        }
        release(lease.leaseId());
    }

    /** Returns an unused lease's job to the queue and offers it again. */
    public void release(String leaseId) {
        workers.executeBlocking(() -> {
            store.release(leaseId);
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("could not release lease {}: {}; it will expire instead", leaseId, ar.cause().toString());
            }
            jobsAvailable();
        });
    }

    private void reapAfter(Duration delay) {
        if (!stopped) {
            // Vert.x timers take at least 1 ms.
            reaperTimer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> reap());
        }
    }

    /** One reaper pass, then the next when the earliest lease expires or after the period (see {@link ReaperSchedule}). */
    private void reap() {
        ReaperSchedule schedule = new ReaperSchedule(policy.reaperPeriod());
        workers.executeBlocking(store::reap, false).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("reaper pass failed: {}", ar.cause().toString());
                reapAfter(policy.reaperPeriod());
                return;
            }
            ReapResult r = ar.result();
            reapAfter(schedule.after(r));
            metrics.reaped(r);
            if (r.changedAnything()) {
                log.info("reaper: requeued {}, infra-failed {}, expired {}", r.requeuedJobs(), r.infraFailedJobs(), r.expiredJobs());
            }
            if (!r.requeuedJobs().isEmpty()) {
                jobsAvailable();
            }
        });
    }

    public int waitingAgents() {
        return waiters.size();
    }

    /** Waiting agents per family they offer (an agent offering two families counts in both). */
    public Map<String, Integer> waitingAgentsByFamily() {
        Map<String, Integer> byFamily = new TreeMap<>();
        for (Waiter w : waiters) {
            w.offer.families().forEach(f -> byFamily.merge(f, 1, Integer::sum));
        }
        return byFamily;
    }
}
