package io.gfxfleet.orchestrator.store;

import java.util.List;

/** What one reaper pass did: leases that expired and were re-queued or ended, queued jobs that expired. */
public record ReapResult(List<String> requeuedJobs, List<String> infraFailedJobs, List<String> expiredJobs) {
    public boolean changedAnything() {
        return !requeuedJobs.isEmpty() || !infraFailedJobs.isEmpty() || !expiredJobs.isEmpty();
    }
}
