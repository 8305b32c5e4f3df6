package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A waiting submitter learns the verdict from the orchestrator's change notices, not from its next
 * poll: with a poll interval longer than its whole wait, it still ends with the verdict.
 */
class RunFollowerNoticesTest {
    @Test
    void theVerdictArrivesByNoticeBetweenPolls(@TempDir Path dir) throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0))) {
            String base = orchestrator.baseUrl();
            RunView run = ScriptedAgent.submit(base, "notice1", "linux", "7.10.0a20261125", "gfx94X-dcgpu");
            ApiClient client = new ApiClient(URI.create(base), null);
            // Polls every hour, waits two minutes: only a notice can end this wait with a verdict.
            StringWriter shown = new StringWriter();
            RunFollower follower = new RunFollower(client, new ProgressPrinter(new PrintWriter(shown), false,
                    Clock.systemUTC()), Duration.ofHours(1));
            CompletableFuture<RunFollower.Outcome> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return follower.follow(run, Duration.ofMinutes(2));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // The follower shows the run once it follows the notices; the job ends after that.
            while (!shown.toString().contains("queued") && !waiting.isDone()) {
                Thread.sleep(20);
            }
            new ScriptedAgent(base, "notice-agent").finish("gfx94X-dcgpu",
                    List.of(ScriptedAgent.test("core", "test_import", TestStatus.PASSED)));

            RunFollower.Outcome outcome = waiting.get(3, TimeUnit.MINUTES);
            assertFalse(outcome.timedOut(), "the wait ended by the notice of the completion");
            assertEquals(JobState.PASSED, outcome.run().verdict());
        }
    }
}
