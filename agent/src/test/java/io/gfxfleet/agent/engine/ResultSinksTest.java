package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.PythonLogs;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.results.ResultSink;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's live path: the runner pushes results to its consumers directly (a stand-in for the
 * streamer here) and to the report, which the JUnit Platform renders. The report must be the one
 * the launcher-only path renders for the same results, and the direct consumer must see exactly
 * what the source produced.
 */
class ResultSinksTest {
    private static final String JOB_NAME = "gfxfleet run 42 7.0.0 gfx94X-dcgpu";

    @TempDir
    Path dir;

    private static ParserSettings settings() {
        AtomicLong ticks = new AtomicLong(1_000);
        return ParserSettings.defaults().withExpectedComponents(Set.of("libraries", "devel")).withClock(() -> ticks.addAndGet(7));
    }

    @Test
    void theDirectConsumerAndThePlatformReportSeeTheSameRunAsTheLauncherAlone() throws Exception {
        Path log = PythonLogs.mixedRunLog(dir);
        String viaLauncher;
        try (JunitXmlReport report = new JunitXmlReport()) {
            JobLauncher.run(new JobSelector("job-1", JOB_NAME, new SavedLogSource(log, "libraries", settings(), StreamEnd.exited(1))),
                    List.of(report.listener()));
            viaLauncher = report.xml();
        }

        List<TestResult> direct = new ArrayList<>();
        List<JobOutcome> ended = new ArrayList<>();
        ResultSink streamer = new ResultSink() {
            @Override
            public void accept(TestResult r) {
                direct.add(r);
            }

            @Override
            public void jobEnded(JobOutcome outcome) {
                ended.add(outcome);
            }
        };
        List<TestResult> produced = new ArrayList<>();
        String viaSinks;
        JobOutcome outcome;
        try (JunitXmlReport report = new JunitXmlReport();
             PlatformReport reporting = new PlatformReport("job-1", JOB_NAME, List.of(report.listener()))) {
            ResultSink all = ResultSink.all(List.of(streamer, reporting));
            outcome = new SavedLogSource(log, "libraries", settings(), StreamEnd.exited(1)).run(r -> {
                produced.add(r);
                all.accept(r);
            });
            all.jobEnded(outcome);
            assertTrue(reporting.failure().isEmpty());
            viaSinks = report.xml();
        }
        assertEquals(JobState.FAILED, outcome.verdict());
        assertFalse(produced.isEmpty());
        assertEquals(produced, direct, "the streamer's results are the runner's own objects, in order");
        assertEquals(List.of(outcome), ended);
        assertEquals(withoutTimestamp(viaLauncher), withoutTimestamp(viaSinks));
    }

    @Test
    void aJobWithoutResultsStillCarriesItsVerdictInThePlatformReport() throws Exception {
        try (JunitXmlReport report = new JunitXmlReport();
             PlatformReport reporting = new PlatformReport("job-2", JOB_NAME, List.of(report.listener()))) {
            reporting.jobEnded(new JobOutcome(JobState.INFRA_ERROR, "this agent cannot test gfx950-dcgpu"));
            String xml = report.xml();
            assertTrue(xml.contains("message=\"infra_error: this agent cannot test gfx950-dcgpu\""), xml);
        }
    }

    /** The report's start time differs between two runs; nothing else may. */
    private static String withoutTimestamp(String xml) {
        return xml.replaceAll("timestamp=\"[^\"]*\"", "timestamp=\"\"");
    }
}
