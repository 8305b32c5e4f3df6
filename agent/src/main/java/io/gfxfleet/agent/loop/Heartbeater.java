package io.gfxfleet.agent.loop;

import io.gfxfleet.agent.client.LeaseLost;
import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.protocol.messages.Heartbeat;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a lease alive at TTL/3 while the job runs. A cancellation in the answer, or the loss of
 * the lease, cancels the job (which stops its process tree): nobody may keep a GPU busy for a job
 * no one waits for. It stops beating once the job is cancelled for any reason.
 */
final class Heartbeater implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);

    private final OrchestratorClient client;
    private final String leaseId;
    private final String token;
    private final Cancellation job;
    private final ScheduledExecutorService timer;
    private volatile String progress = "starting";

    Heartbeater(OrchestratorClient client, String leaseId, String token, int ttlSeconds, Cancellation job) {
        this.client = client;
        this.leaseId = leaseId;
        this.token = token;
        this.job = job;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + leaseId);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, ttlSeconds * 1000L / 3);
        timer.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    void progress(String text) {
        progress = text;
    }

    private void beat() {
        if (job.isCancelled()) {
            return;
        }
        try {
            HeartbeatReply reply = client.heartbeat(leaseId, new Heartbeat(token, progress));
            if (reply.cancel() && job.cancel(Cancellation.Reason.SERVER_CANCEL)) {
                log.info("lease {}: job cancelled by the orchestrator, stopping its processes", leaseId);
            }
        } catch (LeaseLost e) {
            if (job.cancel(Cancellation.Reason.LEASE_LOST)) {
                log.warn("lease {} lost: {}; stopping the job", leaseId, io.gfxfleet.protocol.cli.Causes.describe(e));
            }
        } catch (IOException e) {
            // The orchestrator may be restarting: keep testing, the lease outlives two missed beats.
            log.warn("heartbeat for lease {} failed: {}", leaseId, io.gfxfleet.protocol.cli.Causes.describe(e));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
