package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.protocol.hash.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a PEP 427 wheel by hand: the package files, then {@code .dist-info} with METADATA 2.1,
 * WHEEL, entry_points.txt and a RECORD of urlsafe-base64 SHA-256 digests and sizes. Entries are
 * sorted and time-stamped with a fixed date, so the same input gives the same bytes.
 */
final class WheelWriter {
    /** Fixed entry time: wheels must not change when rebuilt. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2026, 1, 1, 0, 0, 0);

    private final String distribution;
    private final String version;
    private final String tag;
    private final boolean purelib;
    private final Map<String, byte[]> files = new TreeMap<>();
    private final Map<String, IncompressibleBytes> padding = new TreeMap<>();
    private final List<String> requires = new ArrayList<>();
    private final Map<String, String> consoleScripts = new LinkedHashMap<>();
    private String summary = "";

    /**
     * @param distribution the project name as METADATA states it, e.g. {@code rocm-sdk-libraries-gfx94X-dcgpu}
     * @param tag          {@code python-abi-platform}, e.g. {@code py3-none-linux_x86_64}
     */
    WheelWriter(String distribution, String version, String tag, boolean purelib) {
        this.distribution = distribution;
        this.version = version;
        this.tag = tag;
        this.purelib = purelib;
    }

    WheelWriter summary(String summary) {
        this.summary = summary;
        return this;
    }

    WheelWriter file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    WheelWriter text(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    WheelWriter padding(String path, long bytes) {
        if (bytes > 0) {
            padding.put(path, new IncompressibleBytes((distribution + "/" + path + "/" + version).hashCode(), bytes));
        }
        return this;
    }

    WheelWriter requires(String requirement) {
        requires.add(requirement);
        return this;
    }

    WheelWriter consoleScript(String name, String target) {
        consoleScripts.put(name, target);
        return this;
    }

    /** {@code rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl}: the name with runs of '-_.' as '_'. */
    String fileName() {
        return escapedName() + "-" + version + "-" + tag + ".whl";
    }

    private String escapedName() {
        return distribution.replaceAll("[-_.]+", "_");
    }

    Path writeTo(Path dir) throws IOException {
        String distInfo = escapedName() + "-" + version + ".dist-info/";
        Map<String, byte[]> meta = new TreeMap<>();
        meta.put(distInfo + "METADATA", metadata().getBytes(StandardCharsets.UTF_8));
        meta.put(distInfo + "WHEEL", ("Wheel-Version: 1.0\nGenerator: gfxfleet-samples\nRoot-Is-Purelib: "
                + purelib + "\nTag: " + tag + "\n").getBytes(StandardCharsets.UTF_8));
        if (!consoleScripts.isEmpty()) {
            StringBuilder ep = new StringBuilder("[console_scripts]\n");
            consoleScripts.forEach((k, v) -> ep.append(k).append(" = ").append(v).append('\n'));
            meta.put(distInfo + "entry_points.txt", ep.toString().getBytes(StandardCharsets.UTF_8));
        }

        Path out = dir.resolve(fileName());
        Path tmp = Files.createTempFile(dir, "." + fileName(), ".part");
        StringBuilder record = new StringBuilder();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (var e : files.entrySet()) {
                putDeflated(zip, e.getKey(), e.getValue());
                record.append(recordLine(e.getKey(), e.getValue()));
            }
            for (var e : padding.entrySet()) {
                record.append(putStored(zip, e.getKey(), e.getValue()));
            }
            for (var e : meta.entrySet()) {
                putDeflated(zip, e.getKey(), e.getValue());
                record.append(recordLine(e.getKey(), e.getValue()));
            }
            String recordPath = distInfo + "RECORD";
            record.append(recordPath).append(",,\n");
            putDeflated(zip, recordPath, record.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    private String metadata() {
        StringBuilder sb = new StringBuilder()
                .append("Metadata-Version: 2.1\n")
                .append("Name: ").append(distribution).append('\n')
                .append("Version: ").append(version).append('\n');
        if (!summary.isEmpty()) {
            sb.append("Summary: ").append(summary).append('\n');
        }
        sb.append("Requires-Python: >=3.9\n");
        for (String r : requires) {
            sb.append("Requires-Dist: ").append(r).append('\n');
        }
        return sb.toString();
    }

    static void putDeflated(ZipOutputStream zip, String name, byte[] body) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(body);
        zip.closeEntry();
    }

    /** Random data does not deflate: store it, which needs CRC and size before the data. */
    private static String putStored(ZipOutputStream zip, String name, IncompressibleBytes bytes) throws IOException {
        CRC32 crc = new CRC32();
        MessageDigest sha = sha256();
        bytes.forEachChunk(c -> {
            crc.update(c.bytes(), 0, c.length());
            sha.update(c.bytes(), 0, c.length());
        });
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length());
        entry.setCompressedSize(bytes.length());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        bytes.writeTo(new NonClosing(zip));
        zip.closeEntry();
        return name + ",sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()) + ","
                + bytes.length() + "\n";
    }

    static String recordLine(String name, byte[] body) {
        return name + ",sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256().digest(body)) + ","
                + body.length + "\n";
    }

    private static MessageDigest sha256() {
        return Sha256.digest();
    }

    private static final class NonClosing extends OutputStream {
        private final OutputStream out;

        NonClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }
}
