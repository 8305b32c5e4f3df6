package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import io.gfxfleet.protocol.pep.Pep440Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's rules, run once per database (SQLite and PostgreSQL subclasses). */
abstract class StoreContract {
    static final Duration TTL = Duration.ofSeconds(60);
    final MutableClock clock = new MutableClock();
    JdbcStore store;

    abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = new JdbcStore(openDatabase(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static NewRun run(String runId, Priority priority, String... families) {
        return new NewRun(runId, Platform.LINUX, "multiarch", new Pep440Version("7.10.0a20261125"), priority,
                "http://127.0.0.1/python-deps/simple/", "http://127.0.0.1/" + runId + "-linux/python/multiarch/simple/",
                null, List.of(families), List.of());
    }

    static AgentOffer agent(String id, String... families) {
        return new AgentOffer(id, List.of("gfx942"), List.of(families), List.of());
    }

    static TestResult result(String method, TestStatus status) {
        return new TestResult("libraries", "core", "rocm_sdk.tests.core_test.ROCmCoreTest." + method,
                "rocm_sdk.tests.core_test.ROCmCoreTest", method, status, 12L, status.isFailure() ? "boom" : null, null, List.of());
    }

    @Test
    void submittingTheSameRunTwiceReturnsTheExistingRun() {
        RunCreation first = store.createRun(run("1001", Priority.POSTSUBMIT, "gfx94X-dcgpu", "gfx110X-all"));
        RunCreation second = store.createRun(run("1001", Priority.POSTSUBMIT, "gfx94X-dcgpu", "gfx110X-all"));
        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.run().id(), second.run().id());
        assertEquals(2, second.run().jobs().size());
        assertEquals(JobState.QUEUED, second.run().verdict());
    }

    @Test
    void aGroupLessKpackRunCarriesItsPackagingToTheLeaseAndIsStoredOnce() {
        NewRun kpack = new NewRun("2001", Platform.LINUX, null, new Pep440Version("7.13.0a20261201"), Priority.POSTSUBMIT,
                null, null, "http://127.0.0.1/2001-linux/python/index.html", List.of("gfx110X-all"), List.of(), List.of(),
                RunPackaging.KPACK);
        RunCreation created = store.createRun(kpack);
        assertTrue(created.created());
        assertEquals(null, created.run().artifactGroup(), "a multi-arch run has no artifact group on the wire");
        assertEquals("kpack", created.run().packaging());
        assertFalse(store.createRun(kpack).created(), "the group-less run is found again by its identity");
        store.createRun(run("2002", Priority.NIGHTLY, "gfx110X-all"));
        Lease first = store.claim(agent("k1", "gfx110X-all"), TTL, 3).orElseThrow();
        assertEquals("2001", first.job().runId());
        assertEquals("kpack", first.job().packaging());
        assertEquals(null, first.job().artifactGroup());
        assertEquals(null, store.claim(agent("k2", "gfx110X-all"), TTL, 3).orElseThrow().job().packaging(),
                "a run that did not say leaves the agent to work it out");
    }

    @Test
    void aRunsProvenanceIsStoredAndReadBackByEveryRunReader() {
        NewRun plain = run("2101", Priority.POSTSUBMIT, "gfx94X-dcgpu");
        Provenance full = new Provenance("ROCm/TheRock", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                1_000_000_000, "https://ghes.example.com/ROCm/TheRock/actions/runs/19876543210/attempts/3", "https://ghes.example.com");
        NewRun withAll = new NewRun("2102", plain.platform(), plain.artifactGroup(), plain.version(), plain.priority(),
                plain.depsIndexUrl(), "http://127.0.0.1/2102-linux/python/multiarch/simple/", null, plain.families(), List.of(),
                List.of(), null, List.of(), null, full);
        Provenance onlyPr = new Provenance(null, null, 17, null, null);
        NewRun withPr = new NewRun("2103", plain.platform(), plain.artifactGroup(), plain.version(), plain.priority(),
                plain.depsIndexUrl(), "http://127.0.0.1/2103-linux/python/multiarch/simple/", null, plain.families(), List.of(),
                List.of(), null, List.of(), null, onlyPr);

        RunView none = store.createRun(plain).run();
        RunView all = store.createRun(withAll).run();
        RunView pr = store.createRun(withPr).run();
        assertEquals(null, none.provenance(), "a run that did not say has no provenance, not an empty one");
        assertEquals(full, all.provenance());
        assertEquals(onlyPr, pr.provenance());

        assertEquals(full, store.run(all.id()).orElseThrow().provenance());
        assertEquals(onlyPr, store.run(pr.id()).orElseThrow().provenance());
        assertEquals(null, store.run(none.id()).orElseThrow().provenance());
        java.util.Map<String, Provenance> listed = new java.util.HashMap<>();
        store.recentRuns(10, 0).forEach(r -> listed.put(r.runId(), r.provenance()));
        assertEquals(full, listed.get("2102"));
        assertEquals(onlyPr, listed.get("2103"));
        assertTrue(listed.containsKey("2101") && listed.get("2101") == null);
        RunPage page = store.runPage(new RunFilter(null, null, null, null, 10, 0));
        assertEquals(full, page.runs().stream().filter(r -> r.runId().equals("2102")).findFirst().orElseThrow().provenance());
        // Submitting the same run again returns it as first stored.
        assertEquals(full, store.createRun(withAll).run().provenance());
    }

    @Test
    void aJobGoesOnlyToAnAgentOfItsFamily() {
        store.createRun(run("1002", Priority.POSTSUBMIT, "gfx110X-all"));
        assertTrue(store.claim(agent("a1", "gfx94X-dcgpu"), TTL, 3).isEmpty());
        Optional<Lease> lease = store.claim(agent("a2", "gfx110X-all", "gfx110X-dgpu"), TTL, 3);
        assertTrue(lease.isPresent());
        assertEquals("gfx110X-all", lease.get().job().family());
        assertTrue(store.claim(agent("a3", "gfx110X-all"), TTL, 3).isEmpty(), "one job, one lease");
    }

    @Test
    void higherPriorityFirstThenFifo() {
        store.createRun(run("night", Priority.NIGHTLY, "gfx94X-dcgpu"));
        clock.advance(Duration.ofSeconds(1));
        store.createRun(run("post1", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        clock.advance(Duration.ofSeconds(1));
        store.createRun(run("pre", Priority.PRESUBMIT, "gfx94X-dcgpu"));
        clock.advance(Duration.ofSeconds(1));
        store.createRun(run("post2", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(store.claim(agent("a" + i, "gfx94X-dcgpu"), TTL, 3).orElseThrow().job().runId());
        }
        assertEquals(List.of("pre", "post1", "post2", "night"), order);
    }

    @Test
    void resultsAreStoredOncePerSequenceAndCountedAtCompletion() throws Exception {
        store.createRun(run("1003", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease lease = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        ResultBatch batch = new ResultBatch(lease.token(), 1, List.of(result("testA", TestStatus.PASSED),
                result("testB", TestStatus.FAILED), result("testC", TestStatus.SKIPPED)));
        BatchAck first = store.storeBatch(lease.leaseId(), batch);
        BatchAck again = store.storeBatch(lease.leaseId(), batch);
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        store.storeBatch(lease.leaseId(), new ResultBatch(lease.token(), 3, List.of(result("testD", TestStatus.ERROR))));
        assertEquals(4, store.results(lease.job().jobId()).size(), "a gap in sequence numbers is accepted");
        JobView done = store.complete(lease.leaseId(), new JobCompletion(lease.token(), JobState.FAILED, "1 failed", 3));
        assertEquals(JobState.FAILED, done.state());
        assertEquals(1, done.counts().passed());
        assertEquals(2, done.counts().failed());
        assertEquals(1, done.counts().skipped());
        JobView repeated = store.complete(lease.leaseId(), new JobCompletion(lease.token(), JobState.PASSED, null, 3));
        assertEquals(JobState.FAILED, repeated.state(), "completion is idempotent: the first verdict stands");
        TestResult stored = store.results(lease.job().jobId()).get(1);
        assertEquals("rocm_sdk.tests.core_test.ROCmCoreTest.testB", stored.testId());
        assertEquals("boom", stored.message());
    }

    @Test
    void onlyTheLeaseHolderWrites() {
        store.createRun(run("1004", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease lease = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertThrows(LeaseRejected.class, () -> store.heartbeat(lease.leaseId(), "not-the-token", TTL));
        assertThrows(LeaseRejected.class, () -> store.storeBatch(lease.leaseId(),
                new ResultBatch("not-the-token", 1, List.of(result("t", TestStatus.PASSED)))));
        assertThrows(LeaseRejected.class, () -> store.complete(lease.leaseId(),
                new JobCompletion("not-the-token", JobState.PASSED, null, 0)));
        assertThrows(LeaseRejected.class, () -> store.heartbeat("no-such-lease", lease.token(), TTL));
        assertEquals(0, store.results(lease.job().jobId()).size());
    }

    @Test
    void anExpiredLeaseRequeuesTheJobAndTheZombieIsRejected() throws Exception {
        store.createRun(run("1005", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease first = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        store.heartbeat(first.leaseId(), first.token(), TTL);
        clock.advance(TTL.plusSeconds(1));
        ReapResult reaped = store.reap();
        assertEquals(List.of(first.job().jobId()), reaped.requeuedJobs());
        Lease second = store.claim(agent("b", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(first.job().jobId(), second.job().jobId());
        assertEquals(2, second.job().attempt());
        assertThrows(LeaseRejected.class, () -> store.storeBatch(first.leaseId(),
                new ResultBatch(first.token(), 1, List.of(result("zombie", TestStatus.PASSED)))));
        assertThrows(LeaseRejected.class, () -> store.complete(first.leaseId(),
                new JobCompletion(first.token(), JobState.PASSED, null, 0)));
        store.storeBatch(second.leaseId(), new ResultBatch(second.token(), 1, List.of(result("real", TestStatus.PASSED))));
        store.complete(second.leaseId(), new JobCompletion(second.token(), JobState.PASSED, null, 1));
        assertThrows(LeaseRejected.class, () -> store.complete(first.leaseId(),
                new JobCompletion(first.token(), JobState.FAILED, null, 0)), "a zombie is refused after the job ended elsewhere too");
        assertEquals(List.of("rocm_sdk.tests.core_test.ROCmCoreTest.real"),
                store.results(second.job().jobId()).stream().map(TestResult::testId).toList());
    }

    @Test
    void afterTheLastAttemptALostJobIsAnInfraError() {
        store.createRun(run("1006", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertTrue(store.claim(agent("a", "gfx94X-dcgpu"), TTL, 2).isPresent());
            clock.advance(TTL.plusSeconds(1));
            store.reap();
        }
        RunView run = store.recentRuns(10, 0).get(0);
        assertEquals(JobState.INFRA_ERROR, run.jobs().get(0).state());
        assertTrue(run.jobs().get(0).reason().contains("attempt 2 of 2"), run.jobs().get(0).reason());
        assertTrue(store.claim(agent("a", "gfx94X-dcgpu"), TTL, 2).isEmpty());
    }

    @Test
    void cancellingARunEndsQueuedJobsAndFlagsLeasedOnes() throws Exception {
        RunView run = store.createRun(run("1007", Priority.POSTSUBMIT, "gfx94X-dcgpu", "gfx110X-all")).run();
        Lease lease = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(2, store.cancelRun(run.id()));
        assertTrue(store.heartbeat(lease.leaseId(), lease.token(), TTL).cancel());
        JobView job = store.complete(lease.leaseId(), new JobCompletion(lease.token(), JobState.FAILED, "killed", 0));
        assertEquals(JobState.CANCELLED, job.state());
        RunView after = store.run(run.id()).orElseThrow();
        assertTrue(after.jobs().stream().allMatch(j -> j.state() == JobState.CANCELLED));
    }

    @Test
    void concurrentClaimsNeverHandOneJobToTwoAgents() throws Exception {
        int jobs = 40;
        for (int i = 0; i < jobs; i++) {
            store.createRun(run("c" + i, Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> leasedJobs = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String id = "agent-" + w;
            workers.add(pool.submit(() -> {
                int n = 0;
                while (true) {
                    Optional<Lease> l = store.claim(agent(id, "gfx94X-dcgpu"), TTL, 3);
                    if (l.isEmpty()) {
                        return n;
                    }
                    assertTrue(leasedJobs.add(l.get().job().jobId()), "job leased twice: " + l.get().job().jobId());
                    n++;
                }
            }));
        }
        int total = 0;
        for (Future<Integer> f : workers) {
            total += f.get();
        }
        pool.shutdown();
        assertEquals(jobs, total);
        assertEquals(jobs, new HashSet<>(leasedJobs).size());
    }

    @Test
    void concurrentCompletionsOfOneLeaseRecordOneVerdict() throws Exception {
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < rounds; round++) {
                store.createRun(run("cc" + round, Priority.POSTSUBMIT, "gfx94X-dcgpu"));
                Lease lease = store.claim(agent("racer", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
                List<JobState> verdicts = List.of(JobState.PASSED, JobState.INFRA_ERROR, JobState.FAILED, JobState.INFRA_ERROR);
                List<Future<JobView>> answers = new ArrayList<>();
                for (JobState verdict : verdicts) {
                    answers.add(pool.submit(() -> store.complete(lease.leaseId(), new JobCompletion(lease.token(), verdict, null, 0))));
                }
                Set<JobState> answered = new HashSet<>();
                for (Future<JobView> answer : answers) {
                    answered.add(answer.get().state());
                }
                assertEquals(1, answered.size(), "every completion answers with the one verdict that won: " + answered);
                assertEquals(answered.iterator().next(), store.job(lease.job().jobId()).orElseThrow().state());
                List<JobAttempt> attempts = store.attempts(lease.job().jobId());
                assertEquals(1, attempts.size());
                assertEquals("completed", attempts.get(0).outcome());
                int streak = store.agents().stream().filter(a -> a.id().equals("racer")).findFirst().orElseThrow().consecutiveInfraErrors();
                boolean infra = answered.contains(JobState.INFRA_ERROR);
                assertEquals(infra ? 1 : 0, streak, "the winning verdict counts once towards the agent's infra-error streak");
                store.liftQuarantine("racer"); // resets the streak for the next round
            }
        } finally {
            pool.shutdown();
        }
    }

    static NewRun runWithLabels(String runId, List<String> labels, String... families) {
        NewRun r = run(runId, Priority.POSTSUBMIT, families);
        return new NewRun(r.runId(), r.platform(), r.artifactGroup(), r.version(), r.priority(), r.depsIndexUrl(),
                r.runIndexUrl(), r.findLinksUrl(), r.families(), r.warnings(), labels);
    }

    @Test
    void aJobRequiringLabelsGoesOnlyToAnAgentWithAllOfThem() {
        store.createRun(runWithLabels("2001", List.of("1gpu", "ccs"), "gfx94X-dcgpu"));
        assertTrue(store.claim(new AgentOffer("plain", List.of("gfx942"), List.of("gfx94X-dcgpu"), List.of("1gpu")), TTL, 3).isEmpty());
        assertTrue(store.claim(new AgentOffer("ccs", List.of("gfx942"), List.of("gfx94X-dcgpu"), List.of("ccs", "1gpu", "mi325")), TTL, 3).isPresent());
    }

    @Test
    void waitingAgentsGetTheBestJobsInTheOrderTheyWaitedAndADrainedOneIsPassedOver() throws Exception {
        for (String id : List.of("w1", "w2", "w3", "w4")) {
            assertTrue(store.claim(agent(id, "gfx94X-dcgpu"), TTL, 3).isEmpty(), "registers " + id + " with nothing queued");
        }
        assertTrue(store.setDrained("w2", true));
        store.createRun(run("night", Priority.NIGHTLY, "gfx94X-dcgpu"));
        clock.advance(Duration.ofSeconds(1));
        store.createRun(run("post", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        clock.advance(Duration.ofSeconds(1));
        store.createRun(run("other", Priority.PRESUBMIT, "gfx110X-all"));
        List<AgentOffer> waiting = List.of(agent("w1", "gfx94X-dcgpu"), agent("w2", "gfx94X-dcgpu"),
                agent("w3", "gfx94X-dcgpu"), agent("w4", "gfx94X-dcgpu"));

        List<Lease> leases = store.claimForWaiting(waiting, TTL, 3);

        assertEquals(List.of("w1:post", "w3:night"), leases.stream().map(l -> l.agentId() + ":" + l.job().runId()).sorted().toList(),
                "two jobs of the family for the two agents that may work, best first, in waiting order");
        for (Lease l : leases) {
            assertFalse(store.heartbeat(l.leaseId(), l.token(), TTL).cancel(), "each lease's own token holds it");
        }
        assertTrue(store.claimForWaiting(waiting, TTL, 3).isEmpty(), "nothing of the family left");
        assertEquals("other", store.claim(agent("w4", "gfx110X-all"), TTL, 3).orElseThrow().job().runId());
    }

    @Test
    void manyWaitingAgentsGetEveryQueuedJobTheyCanTakeInWaitingOrder() {
        List<AgentOffer> waiting = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waiting.add(agent("many" + i, "gfx94X-dcgpu"));
            store.claim(waiting.get(i), TTL, 3);
        }
        for (int i = 0; i < 37; i++) {
            store.createRun(run("r" + i, Priority.POSTSUBMIT, "gfx94X-dcgpu"));
            clock.advance(Duration.ofMillis(10));
        }

        List<Lease> leases = store.claimForWaiting(waiting, TTL, 3);

        java.util.Map<String, String> runByAgent = new java.util.TreeMap<>();
        leases.forEach(l -> runByAgent.put(l.agentId(), l.job().runId()));
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 37; i++) {
            expected.put("many" + i, "r" + i); // the first to wait gets the oldest job
        }
        assertEquals(expected, runByAgent);
    }

    @Test
    void aDrainedAgentTakesNoWorkUntilUndrained() {
        store.createRun(run("2002", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        assertTrue(store.claim(agent("d", "gfx110X-all"), TTL, 3).isEmpty(), "registers the agent");
        assertTrue(store.setDrained("d", true));
        assertTrue(store.claim(agent("d", "gfx94X-dcgpu"), TTL, 3).isEmpty());
        assertTrue(store.agents().stream().anyMatch(a -> a.id().equals("d") && a.drained()));
        assertTrue(store.setDrained("d", false));
        assertTrue(store.claim(agent("d", "gfx94X-dcgpu"), TTL, 3).isPresent());
        assertFalse(store.setDrained("nobody", true));
    }

    @Test
    void consecutiveInfraErrorsQuarantineAnAgentUntilLifted() throws Exception {
        for (int i = 0; i < 4; i++) {
            store.createRun(run("q" + i, Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        }
        for (int i = 0; i < 3; i++) {
            Lease l = store.claim(agent("flaky", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
            store.complete(l.leaseId(), new JobCompletion(l.token(), JobState.INFRA_ERROR, "no /dev/kfd", 0));
        }
        var flaky = store.agents().stream().filter(a -> a.id().equals("flaky")).findFirst().orElseThrow();
        assertTrue(flaky.quarantined());
        assertEquals(3, flaky.consecutiveInfraErrors());
        assertTrue(store.claim(agent("flaky", "gfx94X-dcgpu"), TTL, 3).isEmpty());
        assertTrue(store.liftQuarantine("flaky"));
        Lease l = store.claim(agent("flaky", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        // the agents' list names the job an agent holds, and none once it is done (read through the live-lease index, V17_6)
        assertEquals(l.job().jobId(), store.agents().stream().filter(a -> a.id().equals("flaky")).findFirst().orElseThrow().currentJob());
        store.complete(l.leaseId(), new JobCompletion(l.token(), JobState.PASSED, null, 0));
        assertEquals(0, store.agents().stream().filter(a -> a.id().equals("flaky")).findFirst().orElseThrow().consecutiveInfraErrors());
        assertEquals(null, store.agents().stream().filter(a -> a.id().equals("flaky")).findFirst().orElseThrow().currentJob());
    }

    @Test
    void familiesWithoutAgentsAreReported() {
        store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3);
        assertEquals(List.of("gfx950-dcgpu"), store.familiesWithoutAgents(List.of("gfx94X-dcgpu", "gfx950-dcgpu"), Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));
        assertEquals(List.of("gfx94X-dcgpu"), store.familiesWithoutAgents(List.of("gfx94X-dcgpu"), Duration.ofMinutes(10)));
    }

    @Test
    void aReleasedLeaseReturnsTheJobWithoutSpendingAnAttempt() {
        store.createRun(run("2003", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease first = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        store.release(first.leaseId());
        Lease second = store.claim(agent("b", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(first.job().jobId(), second.job().jobId());
        assertEquals(1, second.job().attempt());
        assertThrows(LeaseRejected.class, () -> store.heartbeat(first.leaseId(), first.token(), TTL));
    }

    @Test
    void aLeaseCarriesTheTestCountOfTheFamilysLastPassedJob() throws Exception {
        store.createRun(run("3001", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease first = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(null, first.job().previousTestCount(), "no baseline yet");
        store.storeBatch(first.leaseId(), new ResultBatch(first.token(), 1, List.of(result("t1", TestStatus.PASSED),
                result("t2", TestStatus.PASSED), result("t3", TestStatus.SKIPPED),
                new TestResult("libraries", "gfxfleet", "gfxfleet.libraries.install", "gfxfleet.libraries", "install",
                        TestStatus.PASSED, null, null, null, List.of()))));
        store.complete(first.leaseId(), new JobCompletion(first.token(), JobState.PASSED, null, 1));
        clock.advance(Duration.ofSeconds(1));
        store.createRun(run("3002", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease second = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(3, second.job().previousTestCount(), "tests only, not the plan's own checks");
    }

    /**
     * The baseline is kept per platform and artifact group: a run of another group has none (and
     * its claims no longer walk the family's passed jobs looking for one), a later failure does not
     * replace it, and a later pass does.
     */
    @Test
    void theBaselineIsPerArtifactGroupAndOnlyAPassReplacesIt() throws Exception {
        store.createRun(run("3011", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease passed = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        store.storeBatch(passed.leaseId(), new ResultBatch(passed.token(), 1, List.of(result("t1", TestStatus.PASSED),
                result("t2", TestStatus.PASSED))));
        store.complete(passed.leaseId(), new JobCompletion(passed.token(), JobState.PASSED, null, 1));
        clock.advance(Duration.ofSeconds(1));

        store.createRun(new NewRun("3012", Platform.LINUX, "gfx94X-dcgpu", new Pep440Version("7.10.0a20261125"), Priority.POSTSUBMIT,
                "http://127.0.0.1/python-deps/simple/", "http://127.0.0.1/3012-linux/python/gfx94X-dcgpu/simple/",
                null, List.of("gfx94X-dcgpu"), List.of()));
        Lease otherGroup = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(null, otherGroup.job().previousTestCount(), "another artifact group has no baseline");
        store.complete(otherGroup.leaseId(), new JobCompletion(otherGroup.token(), JobState.FAILED, "x", 1));
        clock.advance(Duration.ofSeconds(1));

        store.createRun(run("3013", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease failed = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(2, failed.job().previousTestCount());
        store.storeBatch(failed.leaseId(), new ResultBatch(failed.token(), 1, List.of(result("t1", TestStatus.FAILED))));
        store.complete(failed.leaseId(), new JobCompletion(failed.token(), JobState.FAILED, null, 1));
        clock.advance(Duration.ofSeconds(1));

        store.createRun(run("3014", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease again = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(2, again.job().previousTestCount(), "a failure does not replace the baseline");
        store.storeBatch(again.leaseId(), new ResultBatch(again.token(), 1, List.of(result("t1", TestStatus.PASSED),
                result("t2", TestStatus.PASSED), result("t3", TestStatus.PASSED))));
        store.complete(again.leaseId(), new JobCompletion(again.token(), JobState.PASSED, null, 1));
        clock.advance(Duration.ofSeconds(1));

        store.createRun(run("3015", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        assertEquals(3, store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow().job().previousTestCount(),
                "the later pass is the baseline");
    }

    @Test
    void theHolderCanHandAJobBackWithoutSpendingAnAttempt() throws Exception {
        store.createRun(run("3003", Priority.POSTSUBMIT, "gfx94X-dcgpu"));
        Lease lease = store.claim(agent("a", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        store.storeBatch(lease.leaseId(), new ResultBatch(lease.token(), 1, List.of(result("t1", TestStatus.PASSED))));
        assertThrows(LeaseRejected.class, () -> store.handBack(lease.leaseId(), "not-the-token"));
        store.handBack(lease.leaseId(), lease.token());
        JobView queued = store.job(lease.job().jobId()).orElseThrow();
        assertEquals(JobState.QUEUED, queued.state());
        assertEquals(1, queued.attempt());
        assertTrue(store.results(lease.job().jobId()).isEmpty(), "the handed-back lease's results are not the job's");
        Lease next = store.claim(agent("b", "gfx94X-dcgpu"), TTL, 3).orElseThrow();
        assertEquals(lease.job().jobId(), next.job().jobId());
        assertThrows(LeaseRejected.class, () -> store.heartbeat(lease.leaseId(), lease.token(), TTL));
    }
}
