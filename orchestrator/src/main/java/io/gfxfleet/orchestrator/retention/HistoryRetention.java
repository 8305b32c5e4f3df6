package io.gfxfleet.orchestrator.retention;

import io.gfxfleet.orchestrator.store.PruneResult;
import io.gfxfleet.orchestrator.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps history for a bounded time: runs older than {@code keep} go, with their jobs' results,
 * leases and logs; each family's last verdict stays (see {@link Store#prune}). Used by
 * {@code orchestrator prune} once, and by a serving orchestrator periodically.
 */
public final class HistoryRetention {
    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);
    /** Longest retention accepted: ten years (a typo of extra digits should not mean "forever"). */
    public static final int MAX_DAYS = 3650;

    private final RunStore store;
    private final JobLogRemoval logs;
    private final Clock clock;
    private final Duration keep;

    public HistoryRetention(RunStore store, JobLogRemoval logs, Clock clock, Duration keep) {
        if (keep == null || keep.isNegative() || keep.isZero() || keep.toDays() > MAX_DAYS) {
            throw new IllegalArgumentException("retention must be between 1 and " + MAX_DAYS + " days, got " + keep);
        }
        this.store = store;
        this.logs = logs;
        this.clock = clock;
        this.keep = keep;
    }

    public static Duration days(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", got " + days);
        }
        return Duration.ofDays(days);
    }

    /** Removes what is older than the retention now; blocks (call it off the event loop). */
    public PruneResult pruneNow() {
        long start = System.nanoTime();
        PruneResult result = store.prune(clock.instant().minus(keep), logs::remove);
        log.info("pruned history older than {} days: {} runs, {} jobs, {} results removed ({} runs kept as a family's last verdict) in {} ms",
                keep.toDays(), result.runs(), result.jobs(), result.results(), result.keptAsLastVerdict(),
                (System.nanoTime() - start) / 1_000_000);
        return result;
    }
}
