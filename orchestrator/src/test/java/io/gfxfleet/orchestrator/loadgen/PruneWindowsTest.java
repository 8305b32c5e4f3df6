package io.gfxfleet.orchestrator.loadgen;

import io.gfxfleet.orchestrator.retention.JobLogRemoval;
import io.gfxfleet.orchestrator.store.Database;
import io.gfxfleet.orchestrator.store.JdbcStore;
import io.gfxfleet.orchestrator.store.PruneResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's pruner removes a month in slices, resting between them, and says when each window was. */
class PruneWindowsTest {
    @TempDir
    Path dir;

    @Test
    void theOldestMonthGoesInSlicesWithARestBeforeAndAfterEach() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        HistoryFill.fill(url, new HistoryProfile(60, 2, 5, Duration.ofDays(365), 1, 17), line -> { });
        Instant cutoff = Instant.now().minus(Duration.ofDays(335));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PruneResult total;
        try (Database db = Database.open(url)) {
            total = new PruneWindows(db, JobLogRemoval.NONE, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                    .run(cutoff, 3, Duration.ZERO);
        }
        List<String[]> lines = bytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.split(" ")).toList();
        List<String> kinds = lines.stream().map(l -> l[0] + (l.length > 1 ? " " + l[1] : "")).toList();
        assertEquals(List.of("rest 0", "prune 1", "rest 1", "prune 2", "rest 2", "prune 3", "rest 3", "pruned " + total.runs()), kinds);
        long previousEnd = 0;
        int runs = 0;
        long results = 0;
        for (String[] l : lines.subList(0, 7)) {
            long start = Long.parseLong(l[2]);
            long end = Long.parseLong(l[3]);
            assertTrue(start >= previousEnd && end >= start, "windows follow one another: " + String.join(" ", l));
            previousEnd = end;
            if (l[0].equals("prune")) {
                runs += Integer.parseInt(l[4]);
                results += Long.parseLong(l[6]);
            }
        }
        assertEquals(total.runs(), runs, "the slices add up to the total");
        assertEquals(total.results(), results);
        assertTrue(total.runs() >= 3, "60 runs over a year: the oldest month holds several (" + total.runs() + ")");
        try (JdbcStore store = new JdbcStore(Database.open(url), Clock.systemUTC())) {
            assertEquals(0, store.prune(cutoff, jobs -> { }).runs(), "nothing older than the cutoff is left to prune");
        }
    }
}
