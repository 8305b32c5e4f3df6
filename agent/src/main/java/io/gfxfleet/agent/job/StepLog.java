package io.gfxfleet.agent.job;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The full log of one step's process, kept beside the job, plus the last lines in memory for
 * error messages (a crash, a failed install).
 */
final class StepLog implements AutoCloseable {
    private static final int TAIL_LINES = 40;
    private final BufferedWriter writer;
    private final Deque<String> tail = new ArrayDeque<>();

    StepLog(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    synchronized void line(String line) {
        try {
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    synchronized String tailText() {
        return String.join("\n", tail);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
