package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.agent.health.HealthCheck;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.agent.loop.AgentIdentity;
import io.gfxfleet.agent.loop.AgentLoop;
import io.gfxfleet.agent.loop.LoopEvent;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AgentLoop#stop()} wakes every wait of the loop, and a lease that arrives once the agent
 * was told to stop is handed back, not run. The assertions are on the loop's events, in order:
 * a pause of an hour or a long poll of five minutes that the stop cut short says so, and the
 * loop returns without it having run out.
 */
class AgentLoopStopTest {
    private static final String FAMILY = "gfx94X-dcgpu";

    @TempDir
    Path dir;

    @Test
    void stopWakesTheUnhealthyPause() throws Exception {
        Path work = dir.resolve("agent");
        // No disk is that large: the health check fails and the loop pauses before the next one.
        HealthCheck unhealthy = new HealthCheck(HealthCheck.Settings.defaults(work).withMinFreeBytes(Long.MAX_VALUE)
                .withPython("python3"), AgentHarness.gpu(FAMILY));
        // Never contacted: an unhealthy agent asks for no work.
        AgentLoop loop = new AgentLoop(new OrchestratorClient(URI.create("http://127.0.0.1:9"), null),
                new AgentIdentity("unhealthy", AgentHarness.gpu(FAMILY), List.of()),
                new JobRunner(AgentHarness.settings(work), System.getenv()), unhealthy, work.resolve("spool"))
                .unhealthyPause(Duration.ofHours(1));
        BlockingQueue<LoopEvent> events = new LinkedBlockingQueue<>();
        loop.onEvent(events::add);
        Running running = Running.start(loop);
        awaitEvent(events, LoopEvent.UNHEALTHY_PAUSE);
        long stopped = System.nanoTime();
        loop.stop();
        assertEquals(Optional.empty(), running.join());
        report("stop() during the unhealthy pause (1 h) to run() returning", stopped);
        assertEquals(List.of(LoopEvent.WAIT_CUT_SHORT, LoopEvent.STOPPED), drain(events));
    }

    @Test
    void stopAbortsTheLongPollAndTheOrchestratorSeesTheRequestGo() throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            AgentLoop loop = AgentHarness.agent(orchestrator.baseUrl(), FAMILY, dir.resolve("agent")).longPollSeconds(300);
            BlockingQueue<LoopEvent> events = new LinkedBlockingQueue<>();
            loop.onEvent(events::add);
            Running running = Running.start(loop);
            awaitEvent(events, LoopEvent.POLLING);
            // The request is in flight once the orchestrator holds it as a waiting agent.
            while (orchestrator.scheduler().waitingAgents() == 0) {
                running.assertAlive();
                Thread.sleep(20);
            }
            long stopped = System.nanoTime();
            loop.stop();
            assertEquals(Optional.empty(), running.join());
            report("stop() during a 300 s long poll to run() returning", stopped);
            assertEquals(List.of(LoopEvent.WAIT_CUT_SHORT, LoopEvent.STOPPED), drain(events));
            // The connection was closed, not left to run out: the orchestrator lets the waiter go.
            while (orchestrator.scheduler().waitingAgents() != 0) {
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aLeaseThatArrivesAfterStopIsHandedBackNotRun() throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            RunView run = AgentHarness.submitSample(orchestrator, data, SamplePackages.builder().version("7.10.0a20261125")
                    .families(FAMILY).build(), "779", FAMILY, dir.resolve("samples"));
            String jobId = run.jobs().get(0).id();
            AgentLoop loop = AgentHarness.agent(orchestrator.baseUrl(), FAMILY, dir.resolve("agent"));
            List<LoopEvent> events = new CopyOnWriteArrayList<>();
            // The stop comes while the lease is on its way: between its arrival and the job's start.
            loop.onEvent(e -> {
                events.add(e);
                if (e == LoopEvent.LEASED) {
                    loop.stop();
                }
            });
            assertEquals(Optional.empty(), loop.run(false));
            int leased = events.indexOf(LoopEvent.LEASED);
            assertEquals(List.of(LoopEvent.LEASED, LoopEvent.HANDED_BACK, LoopEvent.STOPPED), events.subList(leased, events.size()));
            assertEquals(JobState.QUEUED, orchestrator.store().job(jobId).orElseThrow().state());
            assertTrue(orchestrator.store().results(jobId).isEmpty(), "the job must not have run");
            assertEquals(List.of("handed-back"), leaseOutcomes(data.resolve("gfxfleet.db"), jobId));
        }
    }

    /** A figure for the notes, with the machine's load beside it; not an assertion. */
    private static void report(String what, long sinceNanos) throws java.io.IOException {
        String load = java.nio.file.Files.exists(Path.of("/proc/loadavg"))
                ? java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip() : "?";
        System.out.printf("%s: %.1f ms (load average %s)%n", what, (System.nanoTime() - sinceNanos) / 1e6, load);
    }

    private static List<String> leaseOutcomes(Path sqlite, String jobId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             PreparedStatement ps = c.prepareStatement("SELECT outcome FROM leases WHERE job_id=? ORDER BY granted_at")) {
            ps.setString(1, jobId);
            List<String> outcomes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
            return outcomes;
        }
    }

    private static void awaitEvent(BlockingQueue<LoopEvent> events, LoopEvent wanted) throws InterruptedException {
        while (events.take() != wanted) {
            // Earlier events (the health check) go by.
        }
    }

    private static List<LoopEvent> drain(BlockingQueue<LoopEvent> events) {
        List<LoopEvent> rest = new ArrayList<>();
        events.drainTo(rest);
        return rest;
    }

    /** The loop on its own thread, as the agent's main thread runs it. */
    private record Running(Thread thread, AtomicReference<Object> result) {
        static Running start(AgentLoop loop) {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    result.set(loop.run(false));
                } catch (Exception | Error e) {
                    result.set(e);
                }
            }, "agent-loop-under-test");
            t.start();
            return new Running(t, result);
        }

        void assertAlive() {
            assertTrue(thread.isAlive(), "the loop ended by itself: " + result.get());
        }

        @SuppressWarnings("unchecked")
        Optional<JobState> join() throws InterruptedException {
            thread.join();
            Object r = result.get();
            if (r instanceof Throwable t) {
                throw new AssertionError("the loop failed", t);
            }
            return (Optional<JobState>) r;
        }
    }
}
