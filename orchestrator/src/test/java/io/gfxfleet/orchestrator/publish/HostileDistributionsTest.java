package io.gfxfleet.orchestrator.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 9: what {@code publish} reads is CI's output, but a compromised build step
 * writes it. Headers that claim huge sizes are refused without allocating them, wheels that
 * would write outside the install folder are refused, and a symlink out of the folder is not
 * followed.
 */
class HostileDistributionsTest {
    @TempDir
    Path dir;

    /** A ~80-byte .tar.gz whose first header is a GNU long name of {@code claimed} bytes. */
    static byte[] sdistClaimingLongName(long claimed) throws IOException {
        byte[] header = new byte[512];
        byte[] name = "././@LongLink".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = String.format("%011o", claimed).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = 'L';
        byte[] magic = "ustar  ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(header);
        }
        return out.toByteArray();
    }

    static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aTarHeaderClaimingAHugeLongNameIsRefusedWithoutAllocatingIt() throws Exception {
        Path sdist = Files.write(dir.resolve("rocm-7.10.0.tar.gz"), sdistClaimingLongName(2_000_000_000L));
        assertTrue(Files.size(sdist) < 200, "a tiny file: " + Files.size(sdist));
        long before = allocatedByThisThread();
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(sdist));
        long allocated = allocatedByThisThread() - before;
        assertTrue(e.getMessage().contains("long name"), e.getMessage());
        assertTrue(allocated < 64L * 1024 * 1024, "allocated " + allocated + " bytes for a header's claim");
    }

    @Test
    void aCorruptSizeFieldIsARefusalNotACrash() throws Exception {
        byte[] gz = sdistClaimingLongName(0);
        // Overwrite the (compressed) archive with one whose size field is not octal.
        byte[] header = new byte[512];
        System.arraycopy("rocm-7.10.0/PKG-INFO".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 20);
        System.arraycopy("9999zzzz".getBytes(StandardCharsets.US_ASCII), 0, header, 124, 8);
        header[156] = '0';
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(out)) {
            o.write(header);
        }
        Path sdist = Files.write(dir.resolve("rocm-7.10.0.tar.gz"), gz.length > 0 ? out.toByteArray() : gz);
        assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(sdist));
    }

    static Path wheel(Path folder, String extraEntry) throws IOException {
        Path whl = folder.resolve("rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(whl))) {
            zip.putNextEntry(new ZipEntry("rocm_sdk_core-7.10.0.dist-info/METADATA"));
            zip.write("Metadata-Version: 2.1\nName: rocm-sdk-core\nVersion: 7.10.0\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            if (extraEntry != null) {
                zip.putNextEntry(new ZipEntry(extraEntry));
                zip.write("print('escaped')\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return whl;
    }

    @Test
    void wheelsWithEntriesOutsideTheInstallFolderAreRefused() throws Exception {
        DistributionFile.inspect(wheel(Files.createDirectories(dir.resolve("ok")), "rocm_sdk_core/__init__.py"));
        for (String entry : new String[] {"../evil.py", "rocm_sdk_core/../../evil.py", "/etc/evil.py", "C:/evil.py", "a\\..\\evil.py"}) {
            Path folder = Files.createDirectories(dir.resolve("w" + Math.abs(entry.hashCode())));
            PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(wheel(folder, entry)));
            assertTrue(e.getMessage().contains("leaves the install folder"), entry + ": " + e.getMessage());
        }
    }

    @Test
    void aSymlinkOutOfThePackageFolderIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = wheel(outside, null);
        Path folder = Files.createDirectories(dir.resolve("dist"));
        Files.createSymbolicLink(folder.resolve(target.getFileName()), target);
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFolder.read(folder));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }
}
