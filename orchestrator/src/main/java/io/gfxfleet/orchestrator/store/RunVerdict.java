package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;

import java.util.List;

/** A run's overall verdict from its jobs: unfinished while any job is, else the worst outcome. */
final class RunVerdict {
    private RunVerdict() {}

    static JobState of(List<JobView> jobs) {
        if (jobs.isEmpty()) {
            return JobState.QUEUED;
        }
        if (jobs.stream().anyMatch(j -> j.state() == JobState.LEASED)) {
            return JobState.LEASED;
        }
        if (jobs.stream().anyMatch(j -> j.state() == JobState.QUEUED)) {
            return JobState.QUEUED;
        }
        for (JobState worst : List.of(JobState.INFRA_ERROR, JobState.EXPIRED, JobState.TIMED_OUT, JobState.FAILED, JobState.CANCELLED)) {
            if (jobs.stream().anyMatch(j -> j.state() == worst)) {
                return worst;
            }
        }
        return JobState.PASSED;
    }
}
