package io.gfxfleet.orchestrator.publish.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilePartStreamTest {
    @TempDir
    Path tmp;

    @Test
    void aPartIsExactlyItsSliceOfTheFileAcrossBufferRefills() throws IOException {
        byte[] bytes = new byte[FilePartStream.BUFFER * 3 + 777];
        new Random(3).nextBytes(bytes);
        Path file = Files.write(tmp.resolve("a.whl"), bytes);
        long offset = FilePartStream.BUFFER / 2 + 5;
        int length = FilePartStream.BUFFER * 2 + 100;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // Read as the HTTP client does (small arrays), and again from a fresh stream, as a retry does.
            for (int attempt = 0; attempt < 2; attempt++) {
                byte[] read;
                try (InputStream in = new FilePartStream(ch, offset, length, file)) {
                    read = readInChunks(in, 4096);
                }
                assertArrayEquals(Arrays.copyOfRange(bytes, (int) offset, (int) offset + length), read);
            }
            try (InputStream in = new FilePartStream(ch, offset, 3, file)) {
                assertEquals(bytes[(int) offset] & 0xff, in.read());
                assertEquals(bytes[(int) offset + 1] & 0xff, in.read());
                assertEquals(bytes[(int) offset + 2] & 0xff, in.read());
                assertEquals(-1, in.read());
            }
        }
    }

    @Test
    void aFileThatEndsBeforeItsPartIsAnErrorNotAShortPart() throws IOException {
        Path file = Files.write(tmp.resolve("b.whl"), new byte[1000]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = new FilePartStream(ch, 500, 1000, file)) {
            IOException e = assertThrows(IOException.class, () -> readInChunks(in, 4096));
            assertTrue(e.getMessage().contains("shrank"), e.getMessage());
        }
    }

    private static byte[] readInChunks(InputStream in, int chunk) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
