package io.gfxfleet.agent.job;

import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.protocol.messages.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plan lookup retries an unreadable run index with backoff (the index may lag the upload);
 * a stop or a lost lease during that wait ends it at once, like every other wait of the agent.
 */
class PlanLookupCancellationTest {
    @TempDir
    Path dir;

    @Test
    void aCancellationDuringTheIndexRetryEndsTheWaitWithTheStandardPlan() throws Exception {
        // Port 9 (discard) refuses: the index stays unreadable, and the retry window is an hour.
        JobSpec job = new JobSpec("job-1", "run-1", "1", "linux", "gfx94X-dcgpu", "7.10.0", "gfx94X-dcgpu", 1,
                "http://127.0.0.1:9/deps/", "http://127.0.0.1:9/run/", null);
        JobRunner runner = new JobRunner(new RunnerSettings(dir, "python3", Duration.ofMinutes(5), Duration.ofMinutes(2),
                Duration.ofHours(1), false), System.getenv());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<List<PlanStep>> plan = CompletableFuture.supplyAsync(() -> runner.planFor(job, cancellation));
        // Let it fail and begin waiting (a wait of at least 0.1 s: the first backoff is 1 s with jitter).
        Thread.sleep(300);
        cancellation.cancel(Cancellation.Reason.LEASE_LOST);
        // Without the wake-up this waits out the hour's backoff schedule.
        assertEquals(PlanStep.standardPlan(), plan.get());
    }
}
