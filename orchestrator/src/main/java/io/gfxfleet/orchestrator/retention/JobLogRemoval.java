package io.gfxfleet.orchestrator.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes the logs of jobs that pruning removed. Today logs live in the orchestrator's data folder
 * as {@code <logsDir>/<job>/<attempt>/<name>} (see LogRoutes); a shared log store supplies its own.
 */
@FunctionalInterface
public interface JobLogRemoval {
    void remove(List<String> jobIds);

    JobLogRemoval NONE = jobIds -> { };

    /** Logs kept under a local folder, one folder per job. */
    static JobLogRemoval localFolder(Path logsDir) {
        Path root = logsDir.toAbsolutePath().normalize();
        return jobIds -> {
            for (String jobId : jobIds) {
                Path dir = root.resolve(jobId).normalize();
                // Job ids come from the store, but a path outside the logs folder is never deleted.
                if (!dir.startsWith(root) || dir.equals(root) || !Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not remove the logs of job " + jobId + " under " + dir, e);
                }
            }
        };
    }
}
