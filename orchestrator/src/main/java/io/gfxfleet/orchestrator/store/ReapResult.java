package io.gfxfleet.orchestrator.store;

import java.time.Duration;
import java.util.List;

/**
 * What one reaper pass did: leases that expired and were re-queued or ended, queued jobs that
 * expired; and how long until the earliest live lease expires (null when none is live), so the
 * reaper can come back exactly then rather than up to a period late.
 */
public record ReapResult(List<String> requeuedJobs, List<String> infraFailedJobs, List<String> expiredJobs,
                         Duration untilNextExpiry) {
    public ReapResult(List<String> requeuedJobs, List<String> infraFailedJobs, List<String> expiredJobs) {
        this(requeuedJobs, infraFailedJobs, expiredJobs, null);
    }

    public boolean changedAnything() {
        return !requeuedJobs.isEmpty() || !infraFailedJobs.isEmpty() || !expiredJobs.isEmpty();
    }
}
