package io.gfxfleet.orchestrator.publish.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One multipart part of a file as a stream: {@code length} bytes from {@code offset}, read by
 * position (the channel is shared by the file's parts, uploaded in parallel) through a buffer of
 * {@link #BUFFER} bytes. A file that ends before the part does is an error, never a short part.
 */
final class FilePartStream extends InputStream {
    /** Large enough that a read is one syscall per 256 KiB, small enough to stay in a core's cache. */
    static final int BUFFER = 256 << 10;

    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer buffer;
    private long position;
    private long remaining;

    FilePartStream(FileChannel channel, long offset, long length, Path file) {
        this.channel = channel;
        this.file = file;
        this.position = offset;
        this.remaining = length;
        // Direct: the kernel copies into it, where a heap buffer costs the JDK's copy through a temporary direct one.
        this.buffer = ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(1, length)));
        buffer.limit(0);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    /** Whether bytes are buffered, reading the next block of the part if none are. */
    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        if (remaining == 0) {
            return false;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), remaining));
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException(file + " shrank while being uploaded");
            }
            position += n;
            remaining -= n;
        }
        buffer.flip();
        return true;
    }
}
