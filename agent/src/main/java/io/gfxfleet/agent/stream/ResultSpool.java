package io.gfxfleet.agent.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.LeaseGrant;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The agent's on-disk promise that no result is lost: an append-only file of batches per lease,
 * and an append-only file of acknowledged sequence numbers. A batch leaves the spool only when
 * acknowledged; after a crash, whatever is unacknowledged is sent again. Both files are fsynced
 * on every append; a torn last line (power loss mid-write) is ignored on reading.
 */
public final class ResultSpool {
    private static final String LEASE = "lease.json";
    private static final String BATCHES = "batches.jsonl";
    private static final String ACKED = "acked.txt";

    private final Path dir;

    private ResultSpool(Path dir) {
        this.dir = dir;
    }

    public static ResultSpool create(Path root, LeaseGrant lease) throws IOException {
        Path dir = root.resolve(lease.leaseId());
        Files.createDirectories(dir);
        Path tmp = dir.resolve(LEASE + ".tmp");
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(lease));
        Files.move(tmp, dir.resolve(LEASE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new ResultSpool(dir);
    }

    /** Every spool left by an earlier run of this agent (oldest first). */
    public static List<ResultSpool> existing(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(LEASE)))
                    .sorted(Comparator.comparing(d -> d.toFile().lastModified()))
                    .map(ResultSpool::new)
                    .toList();
        }
    }

    public LeaseGrant lease() throws IOException {
        return Json.MAPPER.readValue(Files.readAllBytes(dir.resolve(LEASE)), LeaseGrant.class);
    }

    public synchronized void append(SpooledBatch batch) throws IOException {
        appendLine(dir.resolve(BATCHES), Json.MAPPER.writeValueAsString(batch));
    }

    public synchronized void markAcknowledged(long sequence) throws IOException {
        appendLine(dir.resolve(ACKED), Long.toString(sequence));
    }

    public synchronized List<SpooledBatch> unacknowledged() throws IOException {
        Set<Long> acked = new HashSet<>();
        for (String line : lines(dir.resolve(ACKED))) {
            try {
                acked.add(Long.parseLong(line.trim()));
            } catch (NumberFormatException torn) {
                // A line cut by a crash mid-append: that ack was never completed.
            }
        }
        List<SpooledBatch> out = new ArrayList<>();
        for (String line : lines(dir.resolve(BATCHES))) {
            try {
                SpooledBatch b = Json.MAPPER.readValue(line, SpooledBatch.class);
                if (!acked.contains(b.sequence())) {
                    out.add(b);
                }
            } catch (JsonProcessingException torn) {
                // Torn last line: that batch was never handed to the sender either.
            }
        }
        return out;
    }

    /** The next sequence number to use: one past the highest ever spooled. */
    public synchronized long nextSequence() throws IOException {
        long max = 0;
        for (String line : lines(dir.resolve(BATCHES))) {
            try {
                max = Math.max(max, Json.MAPPER.readValue(line, SpooledBatch.class).sequence());
            } catch (JsonProcessingException torn) {
                // ignored, as above
            }
        }
        return max + 1;
    }

    public void delete() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    public Path dir() {
        return dir;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static void appendLine(Path file, String line) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        }
    }
}
