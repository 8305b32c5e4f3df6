package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Pseudo-random bytes from a fixed seed: incompressible (so padded wheels really are as large
 * as asked, in transit too) and reproducible (so a rebuilt sample is byte-identical).
 */
final class IncompressibleBytes {
    private static final int CHUNK = 1 << 16;

    private final long seed;
    private final long length;

    IncompressibleBytes(long seed, long length) {
        this.seed = seed;
        this.length = length;
    }

    long length() {
        return length;
    }

    void writeTo(OutputStream out) throws IOException {
        try {
            forEachChunk((chunk) -> {
                try {
                    out.write(chunk.bytes, 0, chunk.length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    record Chunk(byte[] bytes, int length) {}

    void forEachChunk(Consumer<Chunk> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[CHUNK];
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(CHUNK, left);
            random.nextBytes(buf);
            sink.accept(new Chunk(buf, n));
            left -= n;
        }
    }
}
