package io.gfxfleet.orchestrator.loadgen;

import io.gfxfleet.orchestrator.store.Database;
import io.gfxfleet.orchestrator.store.JdbcStore;
import io.gfxfleet.orchestrator.store.RunCursor;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history generator writes what it says, through the store, spread over the simulated span. */
class HistoryFillTest {
    @TempDir
    Path dir;

    @Test
    void aSmallYearIsWrittenThroughTheStoreWithVerdictsAndTextsOnlyForFailures() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        HistoryFill.Filled filled = HistoryFill.fill(url, new HistoryProfile(30, 3, 20, Duration.ofDays(365), 1, 17), line -> { });
        assertEquals(30, filled.runs());
        assertEquals(90, filled.jobs());
        try (JdbcStore store = new JdbcStore(Database.open(url), Clock.systemUTC())) {
            List<RunView> runs = new ArrayList<>();
            RunCursor cursor = null;
            List<RunView> page;
            do {
                page = store.runsBefore(cursor, 25);
                runs.addAll(page);
                cursor = page.isEmpty() ? null : RunCursor.after(page.get(page.size() - 1));
            } while (page.size() == 25);
            assertEquals(30, runs.size());
            Instant newest = runs.get(0).createdAt();
            Instant oldest = runs.get(runs.size() - 1).createdAt();
            assertTrue(Duration.between(oldest, newest).toDays() > 300, "spread over the simulated year: " + oldest + " .. " + newest);
            long results = 0;
            for (RunView run : runs) {
                for (JobView job : run.jobs()) {
                    assertTrue(job.state().isTerminal(), "every job has a verdict: " + job);
                    List<TestResult> rs = store.results(job.id());
                    results += rs.size();
                    boolean anyFailure = false;
                    for (TestResult r : rs) {
                        if (r.status().isFailure()) {
                            anyFailure = true;
                            assertNotNull(r.details(), "a failure carries its traceback");
                        } else if (r.status() == io.gfxfleet.protocol.messages.TestStatus.PASSED) {
                            assertNull(r.message(), "a pass carries no text");
                        }
                    }
                    if (job.state() == JobState.PASSED) {
                        assertTrue(!anyFailure && rs.size() == 20, "a passed job ran the whole suite green");
                    }
                }
            }
            assertEquals(filled.results(), results, "every result written is read back");
        }
    }
}
