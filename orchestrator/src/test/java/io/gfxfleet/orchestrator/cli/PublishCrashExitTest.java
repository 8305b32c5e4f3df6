package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.protocol.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 9's second half: a {@code publish} that crashes is not a refusal. A real
 * {@code OutOfMemoryError} in a child JVM (legitimate wheels whose METADATA is just under the 4 MiB
 * bound, read with a 16 MiB heap) exits 3 ("infrastructure") with one line saying it ran out of
 * memory and what to do; a hostile archive in the same heap is still refused with 4.
 */
class PublishCrashExitTest {
    private static final String[] PROJECTS = {"rocm_sdk_core", "rocm_sdk_devel", "rocm_sdk_libraries_gfx94X_dcgpu", "rocm_sdk_tests"};

    @TempDir
    Path dir;

    @Test
    void runningOutOfMemoryExitsThreeSayingItCrashed() throws Exception {
        assertOutOfMemoryIsACrash(2);
    }

    /** On one core the files are read on the command's own thread, where the error used to escape picocli. */
    @Test
    void runningOutOfMemoryOnOneCoreExitsThreeSayingItCrashed() throws Exception {
        assertOutOfMemoryIsACrash(1);
    }

    private void assertOutOfMemoryIsACrash(int cores) throws Exception {
        Path packages = Files.createDirectories(dir.resolve("packages-" + cores));
        for (String project : PROJECTS) {
            wheelWithLargeMetadata(packages, project);
        }
        Outcome o = publish(packages, cores);
        assertEquals(ExitCode.INFRA.code(), o.exit, o.stderr);
        assertTrue(o.stderr.contains("out of memory") && o.stderr.contains("-Xmx"), o.stderr);
        assertFalse(o.stderr.contains("refused"), o.stderr);
        assertFalse(o.stderr.contains("\tat "), "one line, no stack trace: " + o.stderr);
    }

    @Test
    void aHostileArchiveInTheSameHeapIsStillRefused() throws Exception {
        Path packages = Files.createDirectories(dir.resolve("hostile"));
        Files.write(packages.resolve("rocm-7.10.0.tar.gz"), sdistClaimingLongName(2_000_000_000L));
        Outcome o = publish(packages, 1);
        assertEquals(ExitCode.REFUSED.code(), o.exit, o.stderr);
        assertTrue(o.stderr.contains("long name"), o.stderr);
    }

    private record Outcome(int exit, String stderr) {}

    private Outcome publish(Path packages, int cores) throws IOException, InterruptedException {
        Path err = dir.resolve(packages.getFileName() + "-stderr.txt");
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=" + cores, "-cp", System.getProperty("java.class.path"),
                OrchestratorCli.class.getName(), "publish", "--packages-dir", packages.toString(), "--run-id", "1509",
                "--artifact-group", "gfx94X-dcgpu", "--platform", "linux", "--output-dir", dir.resolve("out").toString()));
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        int exit = p.waitFor();
        // Logging set-up of the test class path may write to stderr; the command's own line is what matters.
        return new Outcome(exit, Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A valid wheel whose METADATA carries a folded header of almost 4 MiB (within the bound). */
    private static void wheelWithLargeMetadata(Path folder, String project) throws IOException {
        Path whl = folder.resolve(project + "-7.10.0-py3-none-linux_x86_64.whl");
        StringBuilder meta = new StringBuilder("Metadata-Version: 2.1\nName: " + project.replace('_', '-') + "\nVersion: 7.10.0\n"
                + "Summary: x\nDescription: start\n");
        String fold = "        " + "d".repeat(120) + "\n";
        while (meta.length() + fold.length() < (4 << 20) - 1024) {
            meta.append(fold);
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(whl))) {
            zip.putNextEntry(new ZipEntry(project + "-7.10.0.dist-info/METADATA"));
            zip.write(meta.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /** A tiny .tar.gz whose first header is a GNU long name claiming {@code claimed} bytes. */
    private static byte[] sdistClaimingLongName(long claimed) throws IOException {
        byte[] header = new byte[512];
        byte[] name = "././@LongLink".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = String.format("%011o", claimed).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = 'L';
        byte[] magic = "ustar  ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(header);
        }
        return out.toByteArray();
    }
}
