package io.gfxfleet.protocol.hash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sha256Test {
    /** FIPS 180-2's "abc" vector. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void bytesStreamsFilesAndTextAgree(@TempDir Path dir) throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ABC, Sha256.of(abc));
        assertEquals(ABC, Sha256.of("abc"));
        assertEquals(ABC, Sha256.of(new byte[] {'a', 'b', 'c', 'x', 'y'}, 3));
        assertEquals(ABC, Sha256.of(new ByteArrayInputStream(abc)));
        Path f = Files.write(dir.resolve("abc"), abc);
        assertEquals(ABC, Sha256.of(f));
    }

    @Test
    void aStreamLongerThanTheBufferIsReadToItsEndIncludingShortReads() throws Exception {
        byte[] big = new byte[(1 << 16) * 3 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        // a stream that hands out one byte at a time at the buffer's edges, as sockets do
        InputStream trickle = new ByteArrayInputStream(big) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, (pos % 65536 == 0) ? 1 : len));
            }
        };
        assertEquals(Sha256.of(big), Sha256.of(trickle));
        var md = Sha256.digest();
        md.update(big);
        assertEquals(Sha256.of(big), Sha256.hex(md));
    }

    @Test
    void hexFormIsLowerCaseAndExactlySixtyFourDigits() {
        assertTrue(Sha256.isHex(ABC));
        assertFalse(Sha256.isHex(ABC.toUpperCase()));
        assertFalse(Sha256.isHex(ABC + "0"));
        assertFalse(Sha256.isHex(null));
    }
}
