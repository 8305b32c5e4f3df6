package io.gfxfleet.orchestrator.store;

import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.orchestrator.scheduler.ReaperSchedule;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When leases begin and end (issue 18): the bound on re-leasing a lost agent's job, and a lease
 * record stamped by the database's clock. Run once per database.
 */
abstract class LeaseTimesContract {
    static final String FAMILY = "gfx94X-dcgpu";

    /** A database URL; each call of one test instance names the same database (two stores share it). */
    abstract String databaseUrl();

    /**
     * An agent is killed (kill -9) right after its heartbeat, the worst moment: its lease then
     * runs for a whole TTL. The reaper runs on its schedule from the orchestrator's start, and the
     * lease was granted between two of its passes (a fixed 1 s period then reaches the expiry up to
     * a second late: 61 s). Another agent gets the job at most the default TTL after the kill.
     * Time is the store's injected clock, moved exactly as the reaper's timer would wait.
     */
    @Test
    void aLostAgentsJobIsLeasedAgainWithinTheTtlOfTheKill() throws Exception {
        MutableClock clock = new MutableClock();
        LeasePolicy policy = LeasePolicy.DEFAULT;
        ReaperSchedule schedule = new ReaperSchedule(policy.reaperPeriod());
        try (JdbcStore store = new JdbcStore(Database.open(databaseUrl()), clock)) {
            store.createRun(StoreContract.run("7001", Priority.POSTSUBMIT, FAMILY));
            Reaper reaper = new Reaper(store, clock, schedule);
            reaper.runUntil(clock.instant().plusMillis(500));
            Lease lost = store.claim(StoreContract.agent("lost", FAMILY), policy.ttl(), policy.maxAttempts()).orElseThrow();
            reaper.runUntil(clock.instant().plus(policy.ttl().dividedBy(3)));
            store.heartbeat(lost.leaseId(), lost.token(), policy.ttl());
            Instant killed = clock.instant();

            Optional<Lease> next = Optional.empty();
            while (next.isEmpty()) {
                if (!reaper.passAtItsTime().requeuedJobs().isEmpty()) {
                    next = store.claim(StoreContract.agent("next", FAMILY), policy.ttl(), policy.maxAttempts());
                }
                assertTrue(Duration.between(killed, clock.instant()).compareTo(policy.ttl().multipliedBy(2)) < 0, "never re-leased");
            }
            Duration relet = Duration.between(killed, clock.instant());
            assertTrue(relet.compareTo(Duration.ofSeconds(60)) <= 0, "re-leased " + relet + " after the kill");
            assertEquals(lost.job().jobId(), next.get().job().jobId());
            assertEquals(2, next.get().job().attempt());
        }
    }

    /** The scheduler's reaper timer, on the injected clock: each pass when the previous one said. */
    private static final class Reaper {
        private final Store store;
        private final MutableClock clock;
        private final ReaperSchedule schedule;
        private Instant nextPass;

        Reaper(Store store, MutableClock clock, ReaperSchedule schedule) {
            this.store = store;
            this.clock = clock;
            this.schedule = schedule;
            this.nextPass = clock.instant();
        }

        ReapResult passAtItsTime() {
            clock.advance(Duration.between(clock.instant(), nextPass));
            ReapResult pass = store.reap();
            nextPass = clock.instant().plus(schedule.after(pass));
            return pass;
        }

        /** Every pass due before {@code until}, then the clock at {@code until}. */
        void runUntil(Instant until) {
            while (nextPass.isBefore(until)) {
                passAtItsTime();
            }
            clock.advance(Duration.between(clock.instant(), until));
        }
    }

    /**
     * Two stores (two orchestrators) hand one job back and forth as fast as they can, by releases
     * and expiries, stamped by the database's clock: in the record, no lease of the job ends after
     * the next one began, and none overlaps another.
     */
    @Test
    void theLeaseRecordOrdersLeasesAsTheDatabaseDid() throws Exception {
        String url = databaseUrl();
        try (JdbcStore one = new JdbcStore(Database.open(url)); JdbcStore two = new JdbcStore(Database.open(url))) {
            String jobId = one.createRun(StoreContract.run("7002", Priority.POSTSUBMIT, FAMILY)).run().jobs().get(0).id();
            ExecutorService agents = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> granted = new ArrayList<>();
                for (int a = 0; a < 4; a++) {
                    JdbcStore store = a % 2 == 0 ? one : two;
                    String agent = "agent-" + a;
                    granted.add(agents.submit(() -> {
                        int leases = 0;
                        for (int i = 0; i < 60; i++) {
                            Optional<Lease> lease = store.claim(StoreContract.agent(agent, FAMILY), Duration.ofSeconds(60), 1000);
                            if (lease.isPresent()) {
                                leases++;
                                store.release(lease.get().leaseId());
                            }
                        }
                        return leases;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : granted) {
                    total += f.get();
                }
                assertTrue(total > 1, "the job changed hands");
            } finally {
                agents.shutdownNow();
            }
            Lease last = one.claim(StoreContract.agent("last", FAMILY), Duration.ofSeconds(60), 1000).orElseThrow();
            one.complete(last.leaseId(), new JobCompletion(last.token(), JobState.PASSED, null, 0));

            List<JobAttempt> record = new ArrayList<>(one.attempts(jobId));
            record.sort(Comparator.comparing(JobAttempt::grantedAt));
            for (int i = 1; i < record.size(); i++) {
                JobAttempt before = record.get(i - 1);
                JobAttempt after = record.get(i);
                assertFalse(before.endedAt() == null, "a lease before the last one is live: " + before);
                assertFalse(before.endedAt().isAfter(after.grantedAt()),
                        "lease " + (i - 1) + " ended " + before.endedAt() + ", after the next was granted " + after.grantedAt());
            }
            assertEquals("completed", record.get(record.size() - 1).outcome());
        }
    }
}
