package io.gfxfleet.orchestrator.store;

import io.gfxfleet.orchestrator.retention.HistoryRetention;
import io.gfxfleet.orchestrator.retention.JobLogRemoval;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History at scale (issue 17): pruning and keyset pagination, once per database (SQLite and PostgreSQL subclasses). */
abstract class StoreHistoryContract {
    static final Duration TTL = Duration.ofSeconds(60);
    static final String A = "gfx94X-dcgpu";
    static final String B = "gfx110X-all";
    static final String C = "gfx120X-all";
    final MutableClock clock = new MutableClock();
    JdbcStore store;

    @TempDir
    Path logs;

    abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = new JdbcStore(openDatabase(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RunView submit(String runId, String... families) {
        return store.createRun(new NewRun(runId, Platform.LINUX, "multiarch", new Pep440Version("7.10.0a20261125"), Priority.POSTSUBMIT,
                "http://127.0.0.1/python-deps/simple/", "http://127.0.0.1/" + runId + "/simple/", null, List.of(families), List.of())).run();
    }

    /** Runs the run's queued job of {@code family} to {@code verdict}, with two results and a log folder. */
    private String finish(String family, JobState verdict) throws Exception {
        Lease lease = store.claim(new AgentOffer("agent-" + family, List.of("gfx942"), List.of(family), List.of()), TTL, 3).orElseThrow();
        TestStatus second = verdict == JobState.PASSED ? TestStatus.PASSED : TestStatus.FAILED;
        store.storeBatch(lease.leaseId(), new ResultBatch(lease.token(), 1, List.of(
                new TestResult("libraries", "core", "t.Core.testA", "t.Core", "testA", TestStatus.PASSED, 3L, null, null, List.of()),
                new TestResult("libraries", "core", "t.Core.testB", "t.Core", "testB", second, 3L, null, null, List.of()))));
        store.complete(lease.leaseId(), new JobCompletion(lease.token(), verdict, null, 1));
        Path dir = Files.createDirectories(logs.resolve(lease.job().jobId()).resolve("1"));
        Files.writeString(dir.resolve("libraries.log"), "log of " + lease.job().jobId());
        return lease.job().jobId();
    }

    @Test
    void pruningRemovesOldRunsWithTheirResultsAndLogsButKeepsEachFamilysLastVerdict() throws Exception {
        RunView oldest = submit("r0", A);
        String oldestJob = finish(A, JobState.PASSED);
        clock.advance(Duration.ofDays(1));
        RunView lastGreenOfB = submit("r1", A, B);
        String r1a = finish(A, JobState.PASSED);
        finish(B, JobState.PASSED);
        clock.advance(Duration.ofDays(1));
        RunView lastRedOfA = submit("r2", A);
        finish(A, JobState.FAILED);
        clock.advance(Duration.ofDays(1));
        RunView supersededGreen = submit("r3", A);
        String r3a = finish(A, JobState.PASSED);
        clock.advance(Duration.ofDays(1));
        RunView unfinished = submit("r4", B); // old, but its job never ran: work in flight is never pruned
        clock.advance(Duration.ofDays(60));
        RunView recent = submit("r5", A);
        finish(A, JobState.PASSED);
        clock.advance(Duration.ofDays(1));

        HistoryRetention retention = new HistoryRetention(store, JobLogRemoval.localFolder(logs), clock, HistoryRetention.days(30));
        PruneResult pruned = retention.pruneNow();

        assertEquals(2, pruned.runs(), "r0 and r3 go; r1 holds B's last green, r2 A's last red, r4 is unfinished: " + pruned);
        assertEquals(3, pruned.keptAsLastVerdict());
        assertEquals(2, pruned.jobs());
        assertEquals(4, pruned.results());
        for (RunView gone : List.of(oldest, supersededGreen)) {
            assertTrue(store.run(gone.id()).isEmpty(), gone.runId() + " was pruned");
        }
        for (RunView kept : List.of(lastGreenOfB, lastRedOfA, unfinished, recent)) {
            assertTrue(store.run(kept.id()).isPresent(), kept.runId() + " stays");
        }
        assertTrue(store.results(r3a).isEmpty() && store.attempts(r3a).isEmpty(), "a pruned job's results and leases go too");
        assertFalse(Files.exists(logs.resolve(oldestJob)), "a pruned job's logs go");
        assertFalse(Files.exists(logs.resolve(r3a)));
        assertTrue(Files.exists(logs.resolve(r1a)), "a kept run's logs stay");
        assertEquals(2, store.results(r1a).size(), "a kept run keeps its results");
        RedStreak a = store.redStreak(A);
        assertEquals("r2", a.lastRed().runId(), "the family's last red survives");
        assertEquals("r5", a.lastGreen().runId());
        assertEquals(0, retention.pruneNow().runs(), "pruning again finds nothing more");
    }

    @Test
    void keysetPagesNeitherSkipNorRepeatARunWhileNewRunsArrive() {
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            before.add(submit("p" + i, A).id());
            if (i % 3 != 0) {
                clock.advance(Duration.ofMillis(1)); // some runs share a millisecond: the key breaks the tie
            }
        }
        List<String> seen = new ArrayList<>();
        RunCursor cursor = null;
        int arrived = 0;
        while (true) {
            List<RunView> page = store.runsBefore(cursor, 3);
            page.forEach(r -> seen.add(r.id()));
            // New runs arrive between the pages, newer than anything paged so far.
            clock.advance(Duration.ofMillis(1));
            submit("new" + arrived++, A);
            if (page.size() < 3) {
                break;
            }
            cursor = RunCursor.after(page.get(page.size() - 1));
            assertEquals(cursor, RunCursor.parse(cursor.text()), "the cursor survives its text form");
        }
        assertEquals(before.size(), seen.size(), "no run shown twice: " + seen);
        assertEquals(before, new HashSet<>(seen), "every run that existed when paging began is shown once");
    }

    /** Every run, newest first, by following the keyset cursor with pages of {@code limit}. */
    private List<String> pageThrough(int limit, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        RunCursor cursor = null;
        while (true) {
            List<RunView> page = store.runsBefore(cursor, limit);
            page.forEach(r -> seen.add(r.id()));
            betweenPages.run();
            if (page.size() < limit) {
                return seen;
            }
            cursor = RunCursor.after(page.get(page.size() - 1));
        }
    }

    @Test
    void pageBoundariesInsideOneMillisecondAndAnExactMultipleOfThePageSize() {
        // Six runs in one millisecond and six in the next: pages of 4 end inside a tie (4, 8) and the
        // last page is full, so the cursor after it must give an empty page, not a repeat.
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i == 6) {
                clock.advance(Duration.ofMillis(1));
            }
            newestFirst.add(0, submit("tie" + i, A).id());
        }
        List<String> expected = store.runsBefore(null, 100).stream().map(RunView::id).toList();
        assertEquals(new HashSet<>(newestFirst), new HashSet<>(expected));
        for (int limit : new int[] {1, 4, 5, 6, 12, 13}) {
            assertEquals(expected, pageThrough(limit, () -> { }), "pages of " + limit + " give every run once, in order");
        }
        RunView last = store.runsBefore(null, 100).get(11);
        assertTrue(store.runsBefore(RunCursor.after(last), 4).isEmpty(), "after the oldest run there is nothing");
    }

    @Test
    void runsArrivingAndRunsPrunedWhilePagingAreNeitherSkippedNorRepeated() throws Exception {
        // Six old, finished runs: old0 is A's only red, old5 its newest green (both kept by pruning).
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            old.add(submit("old" + i, A).id());
            finish(A, i == 0 ? JobState.FAILED : JobState.PASSED);
            clock.advance(Duration.ofMillis(1));
        }
        clock.advance(Duration.ofDays(40));
        Set<String> recent = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            recent.add(submit("recent" + i, A).id()); // two per millisecond: page ends fall inside ties
            if (i % 2 == 1) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        int[] pages = {0};
        List<String> seen = pageThrough(2, () -> {
            // Between pages two runs arrive, one in the newest run's millisecond; after the sixth page
            // (which ends on old3) history older than 30 days is pruned, the cursor's own run with it.
            submit("arrived-" + pages[0] + "-a", A);
            clock.advance(Duration.ofMillis(1));
            submit("arrived-" + pages[0] + "-b", A);
            if (++pages[0] == 6) {
                new HistoryRetention(store, JobLogRemoval.NONE, clock, HistoryRetention.days(30)).pruneNow();
                assertTrue(store.run(old.get(3)).isEmpty(), "the cursor's run was pruned");
            }
        });
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no run shown twice: " + seen);
        assertTrue(seen.containsAll(recent), "every recent run that existed when paging began is shown");
        assertEquals(List.of(old.get(5), old.get(4), old.get(3), old.get(0)), seen.subList(seen.size() - 4, seen.size()),
                "the old runs shown before pruning, then the one pruning kept (old0, A's last red); old1 and old2 were pruned unseen");
        assertEquals(recent.size() + 4, seen.size(), "runs that arrived after paging began are newer than the cursor: never shown");
    }

    /**
     * The runs of {@code existing} that paging shows, in the order shown, after checking that no run
     * is shown twice and that the only others are runs that arrived while paging (one that arrives in
     * the cursor's millisecond with a smaller key sorts below the cursor: shown once, rightly).
     */
    private List<String> matrixPagesOf(List<String> existing, RunFilter first, Runnable betweenPages) {
        List<String> seen = matrixPages(first, betweenPages);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no run shown twice: " + seen);
        Set<String> known = new HashSet<>(existing);
        for (String id : seen) {
            assertTrue(known.contains(id) || store.run(id).orElseThrow().runId().startsWith("arrived-"), id);
        }
        return seen.stream().filter(known::contains).toList();
    }

    /** Every matching run, newest first, following the matrix's next cursor with pages of {@code limit}. */
    private List<String> matrixPages(RunFilter first, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        RunCursor cursor = null;
        int pages = 0;
        while (true) {
            RunPage page = store.runPage(new RunFilter(first.family(), first.platform(), first.verdict(), first.versionText(),
                    first.limit(), 0, cursor));
            page.runs().forEach(r -> seen.add(r.id()));
            if (++pages <= 4) {
                betweenPages.run(); // the first few pages only: each paging's arrivals are the next one's history
            }
            if (page.next() == null) {
                assertTrue(page.runs().size() < first.limit(), "only a page that is not full is the last");
                return seen;
            }
            assertEquals(first.limit(), page.runs().size(), "a page with a next cursor is full");
            assertTrue(seen.size() < 1_000, "paging ends");
            cursor = RunCursor.parse(page.next());
        }
    }

    @Test
    void matrixKeysetPagesNeitherSkipNorRepeatARunWhileNewRunsArrive() {
        // Runs of A (three to a millisecond: page ends fall inside ties), every third also of B, and
        // versions of two nightlies, so each of the matrix's two query shapes is paged: a family alone
        // reads the family's jobs; a version (or no filter) reads runs.
        List<String> all = new ArrayList<>();
        List<String> ofB = new ArrayList<>();
        List<String> ofNightly25 = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            String version = i % 2 == 0 ? "7.10.0a20261125" : "7.10.0a20261126";
            RunView run = store.createRun(new NewRun("m" + i, Platform.LINUX, "multiarch", new Pep440Version(version), Priority.POSTSUBMIT,
                    "http://127.0.0.1/python-deps/simple/", "http://127.0.0.1/m" + i + "/simple/", null,
                    i % 3 == 0 ? List.of(A, B) : List.of(A), List.of())).run();
            all.add(0, run.id());
            if (i % 3 == 0) {
                ofB.add(0, run.id());
            }
            if (i % 2 == 0) {
                ofNightly25.add(0, run.id());
            }
            if (i % 3 == 2) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        int[] arrived = {0};
        // Between pages new runs arrive: one in the millisecond of the newest run, one later; both
        // match every filter below. Runs that existed when paging began are each shown once, in order.
        Runnable newRuns = () -> {
            submit("arrived-" + arrived[0]++, A, B);
            clock.advance(Duration.ofMillis(1));
            submit("arrived-" + arrived[0]++, A, B);
        };
        for (int limit : new int[] {1, 3, 4, 7}) {
            assertEquals(sameMillisecondOrder(all), matrixPagesOf(all, new RunFilter(null, null, null, null, limit, 0), newRuns),
                    "every run once, newest first, pages of " + limit);
            assertEquals(sameMillisecondOrder(ofB), matrixPagesOf(ofB, new RunFilter(B, null, null, null, limit, 0), newRuns),
                    "a family's runs once, pages of " + limit);
            // "0261125" is inside the version, not its start: the filter matches any part of it.
            assertEquals(sameMillisecondOrder(ofNightly25), matrixPagesOf(ofNightly25, new RunFilter(null, null, null, "A20261125", limit, 0), newRuns),
                    "a version's runs once, pages of " + limit);
            assertEquals(sameMillisecondOrder(ofNightly25), matrixPagesOf(ofNightly25, new RunFilter(null, null, null, "0261125", limit, 0), newRuns));
        }
        RunPage firstOfB = store.runPage(new RunFilter(B, null, null, null, 2, 0));
        assertEquals(ofB.size() + arrived[0], firstOfB.total(), "the total counts every match, not the page");
        assertThrows(IllegalArgumentException.class,
                () -> new RunFilter(null, null, null, null, 2, 1, RunCursor.parse(firstOfB.next())), "an offset or a cursor, not both");
    }

    /**
     * The runs in the store's order, newest first, as GET /runs gives it: by time, then (within a
     * millisecond) by key in the database's collation.
     */
    private List<String> sameMillisecondOrder(List<String> runKeys) {
        Set<String> wanted = new HashSet<>(runKeys);
        return store.runsBefore(null, 10_000).stream().map(RunView::id).filter(wanted::contains).toList();
    }

    @Test
    void pruningManyRunsGoesInSeveralTransactionsAndReportsEveryRemovedJob() throws Exception {
        int oldRuns = HistoryPruning.RUNS_PER_TRANSACTION * 2 + 3;
        Set<String> oldJobs = new HashSet<>();
        RunView inFlight = null;
        for (int i = 0; i < oldRuns; i++) {
            boolean unfinished = i == HistoryPruning.RUNS_PER_TRANSACTION;
            // One run also asks for a family no agent takes: its job stays queued.
            RunView run = unfinished ? submit("many" + i, A, B, C) : submit("many" + i, A, B);
            if (unfinished) {
                inFlight = run;
            }
            oldJobs.add(finish(A, JobState.PASSED));
            oldJobs.add(finish(B, i % 3 == 0 ? JobState.FAILED : JobState.PASSED));
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofDays(60));
        RunView recent = submit("recent", A);
        finish(A, JobState.PASSED);

        List<List<String>> batches = new ArrayList<>();
        PruneResult pruned = store.prune(clock.instant().minus(Duration.ofDays(30)), batches::add);

        // Kept: the unfinished run, and the runs of B's last green (the last one) and last red (the one
        // before); A's last green is the recent run, and A was never red.
        Set<String> removedJobs = new HashSet<>();
        batches.forEach(removedJobs::addAll);
        assertEquals(3, batches.size(), "23 old runs, 10 per transaction: three transactions");
        batches.forEach(b -> assertTrue(b.size() <= HistoryPruning.RUNS_PER_TRANSACTION * 2, "one transaction's jobs: " + b.size()));
        assertEquals(oldRuns - 3, pruned.runs(), pruned.toString());
        assertEquals(pruned.jobs(), removedJobs.size(), "every removed job is reported once");
        assertEquals(2L * (oldRuns - 3), pruned.jobs());
        assertEquals(pruned.jobs() * 2L, pruned.results(), "two results per removed job");
        for (String job : removedJobs) {
            assertTrue(oldJobs.contains(job) && store.job(job).isEmpty(), "removed jobs are old ones, and gone: " + job);
        }
        assertTrue(store.run(inFlight.id()).isPresent(), "a run with a queued job is never pruned");
        assertEquals(List.of(recent.runId(), "many" + (oldRuns - 1), "many" + (oldRuns - 2), inFlight.runId()),
                store.runsBefore(null, 100).stream().map(RunView::runId).toList());
        assertEquals(PruneResult.NONE.runs(), store.prune(clock.instant().minus(Duration.ofDays(30)), batches::add).runs(),
                "nothing more to prune");
    }
}
