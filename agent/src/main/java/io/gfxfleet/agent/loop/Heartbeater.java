package io.gfxfleet.agent.loop;

import io.gfxfleet.agent.client.LeaseLost;
import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.exec.RunningProcess;
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
 * the lease, kills the job's process tree: nobody may keep a GPU busy for a job no one waits for.
 */
final class Heartbeater implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);

    private final OrchestratorClient client;
    private final String leaseId;
    private final String token;
    private final RunningProcess process;
    private final ScheduledExecutorService timer;
    private volatile String progress = "starting";
    private volatile boolean cancelled;
    private volatile boolean lost;

    Heartbeater(OrchestratorClient client, String leaseId, String token, int ttlSeconds, RunningProcess process) {
        this.client = client;
        this.leaseId = leaseId;
        this.token = token;
        this.process = process;
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
        try {
            HeartbeatReply reply = client.heartbeat(leaseId, new Heartbeat(token, progress));
            if (reply.cancel() && !cancelled) {
                cancelled = true;
                log.info("lease {}: job cancelled, killing its processes", leaseId);
                process.kill();
            }
        } catch (LeaseLost e) {
            lost = true;
            log.warn("lease {} lost: {}; stopping the job", leaseId, io.gfxfleet.protocol.cli.Causes.describe(e));
            process.kill();
        } catch (IOException e) {
            // The orchestrator may be restarting: keep testing, the lease outlives two missed beats.
            log.warn("heartbeat for lease {} failed: {}", leaseId, io.gfxfleet.protocol.cli.Causes.describe(e));
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
