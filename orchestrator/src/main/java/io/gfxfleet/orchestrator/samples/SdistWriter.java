package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@code <name>-<version>.tar.gz} with every file under {@code <name>-<version>/}, as a
 * POSIX ustar archive with fixed owner, mode and time (and gzip's header time left at zero),
 * so the same input gives the same bytes.
 */
final class SdistWriter {
    private static final long MTIME = 1767225600L; // 2026-01-01T00:00:00Z
    private static final int BLOCK = 512;

    private final String name;
    private final String version;
    private final Map<String, byte[]> files = new TreeMap<>();

    SdistWriter(String name, String version) {
        this.name = name;
        this.version = version;
    }

    SdistWriter file(String path, byte[] body) {
        files.put(path, body);
        return this;
    }

    SdistWriter text(String path, String body) {
        return file(path, body.getBytes(StandardCharsets.UTF_8));
    }

    String fileName() {
        return name + "-" + version + ".tar.gz";
    }

    Path writeTo(Path dir) throws IOException {
        Path out = dir.resolve(fileName());
        Path tmp = Files.createTempFile(dir, "." + fileName(), ".part");
        String top = name + "-" + version + "/";
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            for (var e : files.entrySet()) {
                gz.write(header(top + e.getKey(), e.getValue().length));
                gz.write(e.getValue());
                int pad = (BLOCK - e.getValue().length % BLOCK) % BLOCK;
                gz.write(new byte[pad]);
            }
            gz.write(new byte[BLOCK * 2]);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    private static byte[] header(String path, long size) {
        byte[] h = new byte[BLOCK];
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length <= 100) {
            System.arraycopy(p, 0, h, 0, p.length);
        } else {
            // ustar splits long paths at a '/' into prefix (155) and name (100).
            int cut = path.lastIndexOf('/', 155);
            byte[] prefix = path.substring(0, Math.max(cut, 0)).getBytes(StandardCharsets.UTF_8);
            byte[] rest = path.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
            if (cut <= 0 || prefix.length > 155 || rest.length > 100) {
                throw new IllegalArgumentException("path too long for a ustar archive: " + path);
            }
            System.arraycopy(rest, 0, h, 0, rest.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 8);
        return h;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = String.format("%0" + (len - 1) + "o", value);
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
        h[off + len - 1] = 0;
    }
}
