package io.gfxfleet.agent.job;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The kept log of one step's process, beside the job. It holds at most {@code maxBytes} of the
 * output's head; past that, lines are counted but not kept, except the last few (where the
 * summary and a crash's last words are), which follow a marker saying what was cut. So a test
 * that prints gigabytes costs neither the agent's disk nor its memory.
 */
final class StepLog implements AutoCloseable {
    static final int TAIL_LINES = 40;
    private final BufferedWriter writer;
    private final long maxBytes;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Deque<String> afterCut = new ArrayDeque<>();
    private long written;
    private long cutLines;
    private long cutBytes;

    StepLog(Path file, long maxBytes) throws IOException {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("a step log must be allowed at least 1024 bytes, got " + maxBytes);
        }
        Files.createDirectories(file.getParent());
        this.maxBytes = maxBytes;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    synchronized void line(String line) {
        long size = line.getBytes(StandardCharsets.UTF_8).length + 1L;
        remember(tail, line);
        if (cutLines == 0 && written + size <= maxBytes) {
            write(line);
            written += size;
            return;
        }
        cutLines++;
        cutBytes += size;
        remember(afterCut, line);
    }

    /** The last lines seen (kept or not), for error messages. */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    synchronized String tailText() {
        return String.join("\n", tail);
    }

    synchronized boolean cut() {
        return cutLines > 0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (cutLines > 0) {
            long dropped = cutLines - afterCut.size();
            long droppedBytes = cutBytes - afterCut.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1L).sum();
            write(marker(dropped, droppedBytes, afterCut.size()));
            afterCut.forEach(this::write);
        }
        writer.close();
    }

    /** The line that stands where output was cut; {@code gfxfleet: output cut} finds it. */
    String marker(long droppedLines, long droppedBytes, int tailLines) {
        return "[gfxfleet: output cut after " + maxBytes + " bytes: " + droppedLines + " lines (" + droppedBytes
                + " bytes) not kept; the last " + tailLines + " lines follow]";
    }

    private void write(String line) {
        try {
            writer.write(line);
            writer.write('\n');
            // Flushed per line: people (and tests) follow a step's log while it runs.
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void remember(Deque<String> lines, String line) {
        lines.addLast(line);
        if (lines.size() > TAIL_LINES) {
            lines.removeFirst();
        }
    }
}
