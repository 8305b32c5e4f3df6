package io.gfxfleet.orchestrator.loadgen;

import io.gfxfleet.orchestrator.store.AgentOffer;
import io.gfxfleet.orchestrator.store.Database;
import io.gfxfleet.orchestrator.store.JdbcStore;
import io.gfxfleet.orchestrator.store.Lease;
import io.gfxfleet.orchestrator.store.LeaseRejected;
import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import io.gfxfleet.protocol.pep.Pep440Version;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fills a store with a simulated year of TheRock's history through the store's own write paths:
 * submit a run, lease each job, stream its results in batches, complete it, exactly as agents do,
 * with the store's clock set to the simulated moment. The history looks like the real one where
 * it matters for size and queries:
 * <ul>
 *   <li>every family runs the same test suite each time (test ids repeat, so a test has history);</li>
 *   <li>a few tests are skipped on a family for good; each run a test flakes with a small chance;</li>
 *   <li>now and then a test breaks on a family for days (a regression) until fixed;</li>
 *   <li>some jobs end in infra errors (no results) or time out (partial results);</li>
 *   <li>failures carry a message and a traceback; passes carry neither.</li>
 * </ul>
 */
public final class HistoryFill {
    /** The families runs are tested on, presubmit ones first (every run tests those). */
    static final List<String> FAMILIES = FamilyCatalogue.bundled().families().keySet().stream().sorted().toList();
    static final double FLAKE_RATE = 0.002;
    static final double REGRESSION_RATE_PER_JOB = 0.01;
    static final double INFRA_ERROR_RATE = 0.015;
    static final double TIMEOUT_RATE = 0.005;
    static final int BATCH_SIZE = 100;
    private static final String[] COMPONENTS = {"core", "hip", "rocblas", "hipblaslt", "miopen", "rccl", "rocfft", "rocrand", "hipsparse", "rocsolver"};
    private static final String TRACEBACK = """
            Traceback (most recent call last):
              File "/venv/lib/python3.12/site-packages/rocm_sdk/tests/%s_test.py", line %d, in %s
                self.assertEqual(expected, actual, msg=f"mismatch at {i}")
              File "/usr/lib/python3.12/unittest/case.py", line 873, in assertEqual
                assertion_func(first, second, msg=msg)
            AssertionError: %s""";

    private final JdbcStore store;
    private final SimulatedClock clock;
    private final HistoryProfile profile;
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong results = new AtomicLong();
    /** Per family, the simulated time until which each broken test stays broken (a regression). */
    private final long[][] brokenUntil;

    private HistoryFill(JdbcStore store, SimulatedClock clock, HistoryProfile profile) {
        this.store = store;
        this.clock = clock;
        this.profile = profile;
        this.brokenUntil = new long[FAMILIES.size()][profile.resultsPerJob()];
    }

    /** What a fill wrote, and how long it took. */
    public record Filled(int runs, long jobs, long results, double seconds) {
        public double resultsPerSecond() {
            return results / seconds;
        }
    }

    /** Fills the store at {@code jdbcUrl}; {@code progress} hears a line now and then. */
    public static Filled fill(String jdbcUrl, HistoryProfile profile, Consumer<String> progress) throws Exception {
        SimulatedClock clock = new SimulatedClock();
        try (JdbcStore store = new JdbcStore(Database.open(jdbcUrl), clock)) {
            return new HistoryFill(store, clock, profile).fill(progress);
        }
    }

    private Filled fill(Consumer<String> progress) throws Exception {
        long end = System.currentTimeMillis();
        long start = end - profile.span().toMillis();
        double step = (double) profile.span().toMillis() / profile.runs();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(profile.threads());
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < profile.threads(); t++) {
                int thread = t;
                parts.add(pool.submit(() -> {
                    // Run i goes to thread i % threads: every thread walks the year from its start.
                    for (int i = thread; i < profile.runs(); i += profile.threads()) {
                        writeRun(i, start + (long) (i * step), thread);
                        if (thread == 0 && i > 0 && i % Math.max(1, profile.runs() / 20) < profile.threads()) {
                            double s = (System.nanoTime() - t0) / 1e9;
                            progress.accept(String.format(java.util.Locale.ROOT, "%,d of %,d runs, %,d jobs, %,d results in %.0f s (%.0f results/s)",
                                    i, profile.runs(), jobs.get(), results.get(), s, results.get() / s));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Filled(profile.runs(), jobs.get(), results.get(), (System.nanoTime() - t0) / 1e9);
    }

    private void writeRun(int index, long at, int thread) throws LeaseRejected {
        SplittableRandom random = new SplittableRandom(profile.seed() * 1_000_003L + index);
        clock.set(at);
        List<String> families = familiesOf(index);
        String day = LocalDate.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        double p = random.nextDouble();
        Priority priority = p < 0.2 ? Priority.PRESUBMIT : p < 0.9 ? Priority.POSTSUBMIT : Priority.NIGHTLY;
        String runId = "hist-" + profile.seed() + "-" + index;
        store.createRun(new NewRun(runId, Platform.LINUX, "multiarch", new Pep440Version("7.10.0a" + day + index % 1000),
                priority, "http://127.0.0.1/python-deps/simple/", "http://127.0.0.1/" + runId + "-linux/python/multiarch/simple/",
                null, families, List.of()));
        for (String family : families) {
            clock.advance(60_000 + random.nextLong(600_000)); // queued for a while, then an agent takes it
            Lease lease = claim(family, thread);
            runJob(lease, FAMILIES.indexOf(family), random);
            jobs.incrementAndGet();
        }
    }

    /** The presubmit families every run, then the others in turn. */
    private List<String> familiesOf(int index) {
        List<String> out = new ArrayList<>();
        int n = profile.jobsPerRun();
        for (int k = 0; k < n; k++) {
            out.add(FAMILIES.get((index * 3 + k) % FAMILIES.size()));
        }
        return out;
    }

    private Lease claim(String family, int thread) {
        AgentOffer agent = new AgentOffer("hist-" + family + "-" + thread, List.of(), List.of(family), List.of());
        // Another thread may have taken this run's job (any queued job of the family is as good);
        // its own is then still queued for this one.
        for (int attempt = 0; attempt < 1000; attempt++) {
            Optional<Lease> lease = store.claim(agent, Duration.ofDays(1), 3);
            if (lease.isPresent()) {
                return lease.get();
            }
            // Three infra errors in a row quarantine an agent (the store's rule), and a year of 1.5 %
            // infra errors makes that likely for some family: an operator lifts it, as here.
            store.liftQuarantine(agent.agentId());
            Thread.onSpinWait();
        }
        throw new IllegalStateException("no queued job of " + family + " to lease: the fill lost track of its jobs");
    }

    private void runJob(Lease lease, int family, SplittableRandom random) throws LeaseRejected {
        double outcome = random.nextDouble();
        if (outcome < INFRA_ERROR_RATE) {
            clock.advance(30_000);
            store.complete(lease.leaseId(), new JobCompletion(lease.token(), JobState.INFRA_ERROR, "no /dev/kfd: the runner lost its GPU", 0));
            return;
        }
        boolean timesOut = outcome < INFRA_ERROR_RATE + TIMEOUT_RATE;
        int count = timesOut ? random.nextInt(profile.resultsPerJob()) : profile.resultsPerJob();
        boolean failed = false;
        long sequence = 0;
        List<TestResult> batch = new ArrayList<>(BATCH_SIZE);
        long now = clock.millis();
        for (int test = 0; test < count; test++) {
            TestResult r = result(family, test, now, random);
            failed |= r.status().isFailure();
            batch.add(r);
            if (batch.size() == BATCH_SIZE || test == count - 1) {
                clock.advance(5_000 + random.nextLong(20_000));
                store.storeBatch(lease.leaseId(), new ResultBatch(lease.token(), ++sequence, batch));
                results.addAndGet(batch.size());
                batch = new ArrayList<>(BATCH_SIZE);
            }
        }
        clock.advance(1_000);
        JobState verdict = timesOut ? JobState.TIMED_OUT : failed ? JobState.FAILED : JobState.PASSED;
        store.complete(lease.leaseId(), new JobCompletion(lease.token(), verdict, timesOut ? "timed out after 3600 s" : null, sequence));
    }

    private TestResult result(int family, int test, long now, SplittableRandom random) {
        String component = COMPONENTS[test % COMPONENTS.length];
        String className = "rocm_sdk.tests." + component + "_test.ROCm" + Character.toUpperCase(component.charAt(0)) + component.substring(1) + "Test";
        String method = "test_" + component + "_case_" + test;
        long duration = 5 + random.nextLong(2_000);
        TestStatus status;
        if ((test * 31 + family * 7) % 23 == 0) {
            status = TestStatus.SKIPPED; // not built for this family: skipped every time
        } else if (brokenUntil(family, test) > now) {
            status = TestStatus.FAILED;
        } else if (random.nextDouble() < REGRESSION_RATE_PER_JOB / profile.resultsPerJob()) {
            // A regression: broken for one to five days, then fixed.
            setBrokenUntil(family, test, now + Duration.ofDays(1 + random.nextInt(5)).toMillis());
            status = TestStatus.FAILED;
        } else {
            status = random.nextDouble() < FLAKE_RATE ? (random.nextBoolean() ? TestStatus.FAILED : TestStatus.ERROR) : TestStatus.PASSED;
        }
        String message = null;
        String details = null;
        if (status.isFailure()) {
            message = "AssertionError: mismatch at " + random.nextInt(65_536) + " (max abs err 0.0" + random.nextInt(1000) + ")";
            details = TRACEBACK.formatted(component, 40 + test % 400, method, message);
        } else if (status == TestStatus.SKIPPED) {
            message = "not built for this GPU family";
        }
        return new TestResult("libraries", component, className + "." + method, className, method, status, duration, message, details, List.of());
    }

    private long brokenUntil(int family, int test) {
        synchronized (brokenUntil) {
            return brokenUntil[family][test];
        }
    }

    private void setBrokenUntil(int family, int test, long until) {
        synchronized (brokenUntil) {
            brokenUntil[family][test] = until;
        }
    }
}
