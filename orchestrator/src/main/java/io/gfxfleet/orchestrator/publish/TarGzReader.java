package io.gfxfleet.orchestrator.publish;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Finds one member of a {@code .tar.gz} (ustar, GNU long names, pax {@code path}), enough to read
 * an sdist's {@code PKG-INFO} without a compression library. Nothing is allocated from what a
 * header claims: a long name or pax header above {@value #MAX_HEADER_BODY} bytes, a size that is
 * not plain octal, or a negative one is refused ({@link PublishRefusedException}), and members
 * that are not wanted are skipped, never read into memory. (A 78-byte sdist claiming a 2 GiB long
 * name took 2.2 GB before.)
 */
final class TarGzReader {
    private static final int BLOCK = 512;
    /** Longer than any path a tar tool writes (PATH_MAX is 4096) and any real pax header. */
    static final int MAX_HEADER_BODY = 64 * 1024;

    private TarGzReader() {}

    /** The first regular file whose path matches, read up to {@code maxBytes}. */
    static Optional<Member> find(Path archive, Predicate<String> wanted, int maxBytes) throws IOException {
        try (InputStream raw = Files.newInputStream(archive);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return Optional.empty();
                }
                if (isZero(header)) {
                    return Optional.empty();
                }
                String name = string(header, 0, 100);
                long size = octal(header, 124, 12, archive);
                char type = (char) header[156];
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty() && string(header, 257, 6).startsWith("ustar")) {
                    name = prefix + "/" + name;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                if (type == 'L' || type == 'x') {
                    if (size > MAX_HEADER_BODY) {
                        throw new PublishRefusedException(archive.getFileName() + ": tar header claims a " + size
                                + "-byte " + (type == 'L' ? "long name" : "pax header") + "; at most " + MAX_HEADER_BODY + " are read");
                    }
                    byte[] body = readBody(in, size, archive);
                    longName = type == 'L' ? new String(body, StandardCharsets.UTF_8).replace("\0", "") : paxPath(body);
                    continue;
                }
                boolean regular = type == '0' || type == '\0';
                if (regular && wanted.test(name)) {
                    if (size > maxBytes) {
                        throw new IOException(archive.getFileName() + ": member " + name + " is " + size
                                + " bytes, more than the " + maxBytes + " allowed");
                    }
                    return Optional.of(new Member(name, readBody(in, size, archive)));
                }
                skip(in, padded(size));
            }
        }
    }

    record Member(String path, byte[] body) {}

    private static byte[] readBody(DataInputStream in, long size, Path archive) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new PublishRefusedException(archive.getFileName() + ": tar member too large");
        }
        byte[] body = new byte[(int) size];
        in.readFully(body);
        skip(in, padded(size) - size);
        return body;
    }

    private static String paxPath(byte[] body) {
        // Records are "<len> <key>=<value>\n".
        String text = new String(body, StandardCharsets.UTF_8);
        for (String rec : text.split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) {
                return rec.substring(sp + 1 + "path=".length());
            }
        }
        return null;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static void skip(DataInputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("truncated tar archive");
                }
                s = 1;
            }
            n -= s;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len, Path archive) throws IOException {
        if ((b[off] & 0x80) != 0) {
            // base-256 sizes are for members of 8 GiB and more: not an sdist's.
            throw new PublishRefusedException(archive.getFileName() + ": tar header with a base-256 size");
        }
        String s = string(b, off, len).strip();
        if (s.isEmpty()) {
            return 0;
        }
        if (!s.matches("^[0-7]{1,12}$")) {
            throw new PublishRefusedException(archive.getFileName() + ": corrupt tar header (size '"
                    + (s.length() > 16 ? s.substring(0, 16) + "..." : s) + "')");
        }
        return Long.parseLong(s, 8);
    }
}
