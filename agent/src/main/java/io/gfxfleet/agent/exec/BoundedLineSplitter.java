package io.gfxfleet.agent.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a process's byte stream into lines as they arrive. Unlike Commons Exec's
 * {@code LogOutputStream}, a line is never held beyond {@code maxLineBytes}: a test printing
 * megabytes without a newline must not grow the agent's heap, so an over-long line is handed on
 * in pieces of that size.
 */
final class BoundedLineSplitter extends OutputStream {
    private final Consumer<String> lines;
    private final int maxLineBytes;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
    private boolean lastWasCr;

    BoundedLineSplitter(Consumer<String> lines, int maxLineBytes) {
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
        for (int i = off; i < off + len; i++) {
            write(b[i]);
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
