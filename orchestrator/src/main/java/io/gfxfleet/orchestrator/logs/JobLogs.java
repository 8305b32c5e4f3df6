package io.gfxfleet.orchestrator.logs;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where job logs live: a store every replica reads (the database, or an S3 bucket when one is
 * configured), so a log uploaded through one replica is served by all. Calls block: run them
 * on a worker. Names and ids are validated by the caller (the HTTP routes).
 */
public interface JobLogs extends AutoCloseable {
    /** The store these settings name: the bucket when one is set, else the database. */
    static JobLogs open(JobLogSettings settings, io.gfxfleet.orchestrator.store.Database database) {
        return settings.bucket() == null ? new DatabaseJobLogs(database)
                : new S3JobLogs(new io.gfxfleet.orchestrator.publish.s3.S3Target(settings.bucket(), 2), settings.prefix());
    }

    /** Keeps the log, replacing an earlier upload of the same name for the same attempt. */
    StoredLog put(String jobId, int attempt, String name, byte[] content) throws IOException;

    /** The job's logs, by attempt then name. */
    List<StoredLog> list(String jobId) throws IOException;

    Optional<byte[]> read(String jobId, int attempt, String name) throws IOException;

    /**
     * Deletes every log of these jobs (for pruning old runs: {@code orchestrator prune} calls this
     * before it deletes the jobs). Returns how many logs were deleted.
     */
    int deleteForJobs(Collection<String> jobIds) throws IOException;

    /** One line for the start-up log: where logs go. */
    String describe();

    /** Releases a bucket's HTTP client; the database belongs to the store. */
    @Override
    default void close() {}
}
