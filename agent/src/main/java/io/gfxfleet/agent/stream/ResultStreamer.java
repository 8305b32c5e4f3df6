package io.gfxfleet.agent.stream;

import io.gfxfleet.protocol.cli.Backoff;
import io.gfxfleet.protocol.cli.Causes;
import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.agent.client.LeaseLost;
import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.results.ResultSink;
import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.TestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends results as they come: buffered for at most a second or {@value #MAX_BATCH} results,
 * spooled to disk, then sent in sequence order. A failed send is retried on the next tick, so
 * testing goes on through an orchestrator outage and catches up afterwards. A refused send (the
 * lease is gone) cancels the job with {@link Cancellation.Reason#LEASE_LOST} and stops sending.
 */
public final class ResultStreamer implements ResultSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultStreamer.class);
    static final int MAX_BATCH = 500;
    private static final Duration TICK = Duration.ofSeconds(1);

    private final OrchestratorClient client;
    private final String leaseId;
    private final String leaseToken;
    private final ResultSpool spool;
    private final ScheduledExecutorService ticker;
    private final List<TestResult> buffer = new ArrayList<>();
    /**
     * Spooled but not yet acknowledged, in sequence order. The spool file is read once, here at
     * start (a replay after a crash); afterwards this list mirrors it, so a tick costs no file read.
     * Touched only on the ticker thread.
     */
    private final java.util.ArrayDeque<SpooledBatch> unacknowledged = new java.util.ArrayDeque<>();
    private long nextSequence;
    private final Cancellation job;
    /**
     * This streamer's own sends were refused: it stops sending even when the job was cancelled
     * earlier for another reason (a server cancel, then the lease ended) and so keeps that reason.
     */
    private volatile boolean refused;
    private int sent;

    /** Results of the job {@code job} cancels; a lease it learns is lost cancels the job. */
    public ResultStreamer(OrchestratorClient client, String leaseId, String leaseToken, ResultSpool spool, Cancellation job)
            throws IOException {
        this.job = job;
        this.client = client;
        this.leaseId = leaseId;
        this.leaseToken = leaseToken;
        this.spool = spool;
        this.nextSequence = spool.nextSequence();
        this.unacknowledged.addAll(spool.unacknowledged());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "result-streamer-" + leaseId);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(TestResult result) {
        add(result);
    }

    public void add(TestResult result) {
        boolean full;
        synchronized (buffer) {
            buffer.add(result);
            full = buffer.size() >= MAX_BATCH;
        }
        if (full) {
            ticker.execute(this::tick);
        }
    }

    private void tick() {
        try {
            spoolBuffered();
            sendUnacknowledged();
        } catch (IOException e) {
            log.warn("sending results for lease {} failed, will retry: {}", leaseId, Causes.describe(e));
        } catch (RuntimeException e) {
            log.error("result streamer error for lease {}", leaseId, e);
        }
    }

    private void spoolBuffered() throws IOException {
        while (true) {
            List<TestResult> chunk;
            synchronized (buffer) {
                if (buffer.isEmpty()) {
                    return;
                }
                int n = Math.min(MAX_BATCH, buffer.size());
                chunk = new ArrayList<>(buffer.subList(0, n));
                buffer.subList(0, n).clear();
            }
            SpooledBatch batch = new SpooledBatch(nextSequence++, chunk);
            spool.append(batch);
            unacknowledged.addLast(batch);
        }
    }

    private void sendUnacknowledged() throws IOException {
        if (leaseLost()) {
            return;
        }
        while (!unacknowledged.isEmpty()) {
            SpooledBatch b = unacknowledged.peekFirst();
            try {
                BatchAck ack = client.sendResults(leaseId, new ResultBatch(leaseToken, b.sequence(), b.results()));
                spool.markAcknowledged(ack.sequence());
                unacknowledged.removeFirst();
                sent += b.results().size();
            } catch (LeaseLost e) {
                refused = true;
                job.cancel(Cancellation.Reason.LEASE_LOST);
                log.warn("lease {} lost while sending results: {}", leaseId, Causes.describe(e));
                return;
            }
        }
    }

    /**
     * Flushes everything and waits (bounded) until the orchestrator acknowledged it all.
     * Returns the last sequence number used; unsent batches stay in the spool for a later resend.
     */
    public long drain(Duration bound) {
        return drain(bound, new Cancellation());
    }

    /**
     * {@link #drain(Duration)}, given up early when {@code giveUp} fires (the agent's forced stop:
     * what is not acknowledged by then stays in the spool).
     */
    public long drain(Duration bound, Cancellation giveUp) {
        long deadline = System.nanoTime() + bound.toNanos();
        Backoff backoff = Backoff.unbounded(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            try {
                boolean done = ticker.submit(() -> {
                    tick();
                    return leaseLost() || unacknowledged.isEmpty();
                }).get();
                if (done || System.nanoTime() > deadline || giveUp.isCancelled()) {
                    return nextSequence - 1;
                }
                if (giveUp.await(backoff.next())) {
                    return nextSequence - 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return nextSequence - 1;
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("draining results failed: {}", e.getCause().toString());
                if (System.nanoTime() > deadline) {
                    return nextSequence - 1;
                }
            }
        }
    }

    /** Whether the job's lease is known lost (by this streamer or by its heartbeat): nothing more can be sent. */
    public boolean leaseLost() {
        return refused || job.is(Cancellation.Reason.LEASE_LOST);
    }

    public int sentResults() {
        return sent;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
