package io.gfxfleet.agent.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Splits a process's byte stream into lines as they arrive. Unlike Commons Exec's
 * {@code LogOutputStream}, a line is never held beyond {@code maxLineBytes}: a test printing
 * megabytes without a newline must not grow the agent's heap, so an over-long line is handed on
 * in pieces of that size.
 */
public final class BoundedLineSplitter extends OutputStream {
    /** The bound a process's output lines get, and a saved log's. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final Consumer<String> lines;
    private final int maxLineBytes;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
    private boolean lastWasCr;

    /**
     * Hands every line of a saved log to {@code lines}, split as a live process's output is: bytes that
     * are not UTF-8 become U+FFFD, an over-long line comes in pieces, memory stays bounded.
     */
    public static void readFile(Path file, Consumer<String> lines) throws IOException {
        try (InputStream in = Files.newInputStream(file); BoundedLineSplitter splitter =
                new BoundedLineSplitter(lines, MAX_LINE_BYTES)) {
            in.transferTo(splitter);
        }
    }

    public BoundedLineSplitter(Consumer<String> lines, int maxLineBytes) {
        if (maxLineBytes < 80) {
            throw new IllegalArgumentException("maxLineBytes must be at least 80, got " + maxLineBytes);
        }
        this.lines = lines;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            if (!(lastWasCr && current.size() == 0)) {
                emit();
            }
            lastWasCr = false;
            return;
        }
        if (b == '\r') {
            // "\r\n" ends one line; a lone "\r" (progress bars) ends one too.
            emit();
            lastWasCr = true;
            return;
        }
        lastWasCr = false;
        current.write(b);
        if (current.size() >= maxLineBytes) {
            emit();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            // Copy the run of ordinary bytes in one go (a 200 MB log is mostly such runs).
            int run = i;
            int room = maxLineBytes - current.size();
            while (run < end && run - i < room && b[run] != '\n' && b[run] != '\r') {
                run++;
            }
            if (run > i) {
                current.write(b, i, run - i);
                lastWasCr = false;
                if (current.size() >= maxLineBytes) {
                    emit();
                }
                i = run;
            } else {
                write(b[i++]);
            }
        }
    }

    @Override
    public void close() {
        if (current.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = current.toString(StandardCharsets.UTF_8);
        current.reset();
        lines.accept(line);
    }
}
