package io.gfxfleet.orchestrator.store;

/** What one prune removed: whole runs with their jobs, leases and results; and the runs it kept as a family's last verdict. */
public record PruneResult(int runs, int jobs, long results, int keptAsLastVerdict) {
    public static final PruneResult NONE = new PruneResult(0, 0, 0, 0);

    PruneResult plus(int moreRuns, int moreJobs, long moreResults) {
        return new PruneResult(runs + moreRuns, jobs + moreJobs, results + moreResults, keptAsLastVerdict);
    }
}
