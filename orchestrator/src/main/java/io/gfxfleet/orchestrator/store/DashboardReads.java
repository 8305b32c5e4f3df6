package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.RunView;

import java.util.List;
import java.util.Optional;

/** Read-only queries for the dashboard and the submitter. */
public interface DashboardReads {

    /** The matrix: matching runs newest first, running jobs with their counts so far. */
    RunPage runPage(RunFilter filter);

    /** A run like {@link RunStore#run}, but running jobs carry the counts of the results stored so far. */
    Optional<RunView> runProgress(String id);

    /** Every lease a job had, oldest first. */
    List<JobAttempt> attempts(String jobId);

    /** One test in the jobs of one family across its latest {@code runs} runs, newest first. */
    List<TestOutcomes> testOutcomes(String family, String testId, int runs);

    /** When the family last went red (see {@link RedStreak}). */
    RedStreak redStreak(String family);
}
