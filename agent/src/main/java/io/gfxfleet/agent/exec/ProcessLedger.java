package io.gfxfleet.agent.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes a job has running, on disk beside the job ({@code pid start-time} per line), so
 * that an agent restarted after a kill -9 can kill what its predecessor left behind: a hung
 * {@code rocm-sdk test} would otherwise hold the GPU and skew the next job. A pid is only killed
 * when the process with that pid started when the ledger says (pids are reused); its descendants
 * go with it. A test grandchild whose parent already exited is not reachable this way.
 */
public final class ProcessLedger {
    private static final Logger log = LoggerFactory.getLogger(ProcessLedger.class);
    /** Start times read twice (here and after a restart) come from the same clock tick; a second absorbs rounding. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    private final Path file;
    private final Map<Long, Instant> running = new LinkedHashMap<>();

    public ProcessLedger(Path file) {
        this.file = file;
    }

    synchronized void started(ProcessHandle process) {
        Optional<Instant> start = process.info().startInstant();
        if (start.isEmpty()) {
            log.warn("no start time for pid {}: it cannot be recognised after a restart", process.pid());
            return;
        }
        running.put(process.pid(), start.get());
        write();
    }

    synchronized void ended(ProcessHandle process) {
        if (running.remove(process.pid()) != null) {
            write();
        }
    }

    private void write() {
        StringBuilder text = new StringBuilder();
        running.forEach((pid, start) -> text.append(pid).append(' ').append(start.toEpochMilli()).append('\n'));
        try {
            if (running.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot record the job's processes in {}: {}", file, e.toString());
        }
    }

    /**
     * Kills the processes {@code file} lists that are still the same processes, with their
     * descendants, and removes the file. Returns the pids killed.
     */
    public static List<Long> killLeftovers(Path file) throws IOException {
        List<Long> killed = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return killed;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 2) {
                continue;
            }
            long pid;
            Instant start;
            try {
                pid = Long.parseLong(parts[0]);
                start = Instant.ofEpochMilli(Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                log.warn("ignoring a garbled line in {}: {}", file, line);
                continue;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(h -> h.info().startInstant()
                    .map(s -> Duration.between(s, start).abs().compareTo(SAME_START) <= 0).orElse(false));
            if (handle.isPresent()) {
                ProcessTree.kill(handle.get());
                killed.add(pid);
            }
        }
        Files.delete(file);
        return killed;
    }
}
