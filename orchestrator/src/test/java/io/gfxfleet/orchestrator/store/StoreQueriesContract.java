package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import io.gfxfleet.protocol.pep.Pep440Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's read-only store queries, run once per database (SQLite and PostgreSQL subclasses). */
abstract class StoreQueriesContract {
    static final Duration TTL = Duration.ofSeconds(60);
    static final String F110 = "gfx110X-all";
    static final String F94 = "gfx94X-dcgpu";
    static final String TEST = "rocm_sdk.tests.core_test.ROCmCoreTest.testHipcc";
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

    RunView run(String runId, Platform platform, String version, String... families) {
        clock.advance(Duration.ofSeconds(1));
        return store.createRun(new NewRun(runId, platform, "multiarch", new Pep440Version(version), Priority.POSTSUBMIT,
                "http://127.0.0.1/python-deps/simple/", "http://127.0.0.1/" + runId + "/simple/", null, List.of(families), List.of())).run();
    }

    static TestResult result(TestStatus status) {
        return new TestResult("libraries", "core", TEST, "C", "testHipcc", status, 5L, status.isFailure() ? "boom" : null, null, List.of());
    }

    /** Leases the family's next job and completes it with results of the given statuses. */
    Lease finish(String family, JobState verdict, TestStatus... statuses) throws LeaseRejected {
        Lease lease = store.claim(new AgentOffer("agent-1", List.of(), List.of(family), List.of()), TTL, 3).orElseThrow();
        List<TestResult> results = java.util.Arrays.stream(statuses).map(StoreQueriesContract::result).toList();
        store.storeBatch(lease.leaseId(), new ResultBatch(lease.token(), 1, results));
        store.complete(lease.leaseId(), new JobCompletion(lease.token(), verdict, null, 1));
        return lease;
    }

    @Test
    void theMatrixFiltersByFamilyPlatformVerdictAndVersionTextAndPaginates() throws Exception {
        RunView a = run("1", Platform.LINUX, "7.10.0a20261120", F94, F110);
        finish(F94, JobState.PASSED, TestStatus.PASSED);
        finish(F110, JobState.FAILED, TestStatus.FAILED);
        RunView b = run("2", Platform.LINUX, "7.10.0a20261121", F94);
        RunView c = run("3", Platform.WINDOWS, "7.10.0rc1", F110);

        RunPage all = store.runPage(new RunFilter(null, null, null, null, 2, 0));
        assertEquals(3, all.total());
        assertEquals(List.of(c.id(), b.id()), all.runs().stream().map(RunView::id).toList());
        assertEquals(List.of(F110, F94), all.families());
        assertEquals(List.of(a.id()), ids(store.runPage(new RunFilter(null, null, null, null, 2, 2))));

        assertEquals(List.of(a.id()), ids(store.runPage(new RunFilter(null, null, VerdictFilter.FAILED, null, 10, 0))));
        assertEquals(List.of(), ids(store.runPage(new RunFilter(F94, null, VerdictFilter.FAILED, null, 10, 0))));
        assertEquals(List.of(c.id(), a.id()), ids(store.runPage(new RunFilter(F110, null, null, null, 10, 0))));
        assertEquals(List.of(c.id()), ids(store.runPage(new RunFilter(null, "windows", null, null, 10, 0))));
        assertEquals(List.of(b.id(), a.id()), ids(store.runPage(new RunFilter(null, null, null, "A2026112", 10, 0))));
        assertEquals(List.of(c.id()), ids(store.runPage(new RunFilter(null, null, null, "RC", 10, 0))));
        // LIKE wildcards in the text are literal.
        assertEquals(0, store.runPage(new RunFilter(null, null, null, "7.10.0_", 10, 0)).total());
        assertEquals(0, store.runPage(new RunFilter(null, null, null, "%", 10, 0)).total());
        assertEquals(List.of(c.id(), b.id()), ids(store.runPage(new RunFilter(null, null, VerdictFilter.QUEUED, null, 10, 0))));
    }

    static List<String> ids(RunPage page) {
        return page.runs().stream().map(RunView::id).toList();
    }

    @Test
    void aRunningJobShowsItsCountsSoFarAndNoAgentIsAnExpiredJobNeverLeased() throws Exception {
        RunView r = run("1", Platform.LINUX, "7.10.0", F110, F94);
        Lease lease = store.claim(new AgentOffer("agent-1", List.of(), List.of(F110), List.of()), TTL, 3).orElseThrow();
        store.storeBatch(lease.leaseId(), new ResultBatch(lease.token(), 1,
                List.of(result(TestStatus.PASSED), result(TestStatus.FAILED), result(TestStatus.SKIPPED))));
        var job = store.runProgress(r.id()).orElseThrow().jobs().stream().filter(j -> j.family().equals(F110)).findFirst().orElseThrow();
        assertEquals(JobState.LEASED, job.state());
        assertEquals(1, job.counts().passed());
        assertEquals(1, job.counts().failed());
        assertEquals(1, job.counts().skipped());
        assertEquals(0, store.run(r.id()).orElseThrow().jobs().stream().filter(j -> j.family().equals(F110)).findFirst().orElseThrow().counts().total());
        assertEquals(List.of(r.id()), ids(store.runPage(new RunFilter(null, null, VerdictFilter.RUNNING, null, 10, 0))));

        List<JobAttempt> attempts = store.attempts(lease.job().jobId());
        assertEquals(1, attempts.size());
        assertEquals("agent-1", attempts.get(0).agentId());
        assertNull(attempts.get(0).endedAt());

        clock.advance(Duration.ofDays(2));
        store.reap();
        assertEquals(List.of(r.id()), ids(store.runPage(new RunFilter(F94, null, VerdictFilter.NO_AGENT, null, 10, 0))));
        assertEquals(List.of(), ids(store.runPage(new RunFilter(F94, null, VerdictFilter.EXPIRED, null, 10, 0))));
        assertEquals("expired", store.attempts(lease.job().jobId()).get(0).outcome());
    }

    @Test
    void testOutcomesAreNewestFirstWithTheWorstOutcomePerAttempt() throws Exception {
        run("1", Platform.LINUX, "7.10.0a1", F110);
        finish(F110, JobState.PASSED, TestStatus.PASSED);
        run("2", Platform.LINUX, "7.10.0a2", F110);
        finish(F110, JobState.FAILED, TestStatus.PASSED, TestStatus.ERROR);
        run("3", Platform.LINUX, "7.10.0a3", F94);
        List<TestOutcomes> outcomes = store.testOutcomes(F110, TEST, 10);
        assertEquals(List.of("2", "1"), outcomes.stream().map(TestOutcomes::runId).toList());
        assertEquals(TestStatus.ERROR, outcomes.get(0).attempts().get(0).status());
        assertEquals("boom", outcomes.get(0).attempts().get(0).message());
        assertEquals(TestStatus.PASSED, outcomes.get(1).attempts().get(0).status());
        assertEquals(1, store.testOutcomes(F110, TEST, 1).size());
        assertTrue(store.testOutcomes(F110, "no.such.test", 10).stream().allMatch(o -> o.attempts().isEmpty()));
    }

    @Test
    void theRedStreakStartsAtTheFirstRedAfterTheLastGreen() throws Exception {
        assertFalse(store.redStreak(F110).red());
        run("1", Platform.LINUX, "7.10.0a1", F110);
        finish(F110, JobState.FAILED, TestStatus.FAILED);
        run("2", Platform.LINUX, "7.10.0a2", F110);
        finish(F110, JobState.PASSED, TestStatus.PASSED);
        run("3", Platform.LINUX, "7.10.0a3", F110);
        finish(F110, JobState.FAILED, TestStatus.FAILED);
        run("4", Platform.LINUX, "7.10.0a4", F110);
        finish(F110, JobState.INFRA_ERROR);
        run("5", Platform.LINUX, "7.10.0a5", F110);
        finish(F110, JobState.TIMED_OUT);

        RedStreak red = store.redStreak(F110);
        assertTrue(red.red());
        assertEquals("3", red.wentRed().runId());
        assertEquals("5", red.lastRed().runId());
        assertEquals("2", red.lastGreen().runId());

        run("6", Platform.LINUX, "7.10.0a6", F110);
        finish(F110, JobState.PASSED, TestStatus.PASSED);
        RedStreak green = store.redStreak(F110);
        assertFalse(green.red());
        assertEquals("3", green.wentRed().runId());
        assertEquals("6", green.lastGreen().runId());
    }
}
