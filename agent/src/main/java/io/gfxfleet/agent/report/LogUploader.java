package io.gfxfleet.agent.report;

import io.gfxfleet.agent.client.LeaseLost;
import io.gfxfleet.agent.client.OrchestratorClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sends a job's log folder to the orchestrator when the job ends, so the record outlives the
 * agent's disk. Best effort: a failed upload is logged and reported, never fails the job
 * (the results are what the verdict rests on). Files above the orchestrator's bound are skipped.
 */
public final class LogUploader {
    private static final Logger log = LoggerFactory.getLogger(LogUploader.class);
    /** The orchestrator keeps at most this much per file (see its LogRoutes). */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");

    private final OrchestratorClient client;

    public LogUploader(OrchestratorClient client) {
        this.client = client;
    }

    /** Uploads every file of {@code logsDir}; returns the names not uploaded, with why. */
    public List<String> upload(String leaseId, String leaseToken, Path logsDir) {
        List<String> notUploaded = new ArrayList<>();
        if (!Files.isDirectory(logsDir)) {
            return notUploaded;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(logsDir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            notUploaded.add(logsDir + ": " + e.getMessage());
            return notUploaded;
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                if (!NAME.matcher(name).matches() || name.endsWith(".tmp")) {
                    continue;
                }
                long size = Files.size(f);
                if (size > MAX_FILE_BYTES) {
                    notUploaded.add(name + ": " + size + " bytes is above the " + MAX_FILE_BYTES + "-byte bound");
                    continue;
                }
                client.uploadLog(leaseId, leaseToken, name, f);
            } catch (IOException | LeaseLost e) {
                notUploaded.add(name + ": " + e.getMessage());
            }
        }
        if (!notUploaded.isEmpty()) {
            log.warn("lease {}: logs not uploaded: {}", leaseId, notUploaded);
        }
        return notUploaded;
    }
}
