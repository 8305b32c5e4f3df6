package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.publish.RunIndexPublisher;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Not a test: the publish benchmark of {@code orchestrator/bench/publish-vs-aws.sh}. In one run on
 * one machine, against one S3Proxy (transient, in memory):
 * <ol>
 *   <li>{@code gfxfleet publish} (the launcher: a fresh JVM on the built jar and its class-data sharing
 *       archive, as a build job runs it) vs {@code aws s3 sync} of the same dist folder;</li>
 *   <li>index generation (validate every file, SHA-256, METADATA, pages) vs {@code sha256sum} over the same files.</li>
 * </ol>
 * Args: work folder. System property {@code bench.launcher}: the {@code gfxfleet} launcher, already
 * run once so that its jar and archive exist (the harness script does that).
 */
public final class PublishBenchmark {
    static final String VERSION = "7.10.0a20261125";
    static final long PAD = 345L << 20;
    static final int SMALL_FILES = 400;
    static final int SMALL_BYTES = 48 << 10;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/gfxfleet-bench").toAbsolutePath();
        // What a build job runs: the launcher (the built jar, with its class-data sharing archive).
        String launcher = System.getProperty("bench.launcher", "./gfxfleet");
        Path dist = work.resolve("samples/dist");
        if (!Files.isDirectory(dist) || dirBytes(dist) < (1L << 30)) {
            System.out.println("building the dist folder in " + work + " ...");
            SamplePackages.builder().version(VERSION).families("gfx94X-dcgpu").padBytesPerWheel(PAD)
                    .writeTo(work.resolve("samples"));
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < SMALL_FILES; i++) {
                smallWheel(dist, String.format(Locale.ROOT, "rocm-sdk-bench-part%03d", i), random);
            }
        }
        List<Path> files = files(dist);
        long bytes = dirBytes(dist);
        System.out.printf("dist: %d files, %.1f MiB%n", files.size(), bytes / 1048576.0);

        // Warm the page cache so neither side pays for the disk.
        run(List.of("cat"), files, true);

        try (S3ProxyServer server = S3ProxyServer.start()) {
            server.bucket("gfxfleet-bench");
            server.bucket("aws-bench");
            String endpoint = server.endpoint().toString();
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench",
                    "AWS_DEFAULT_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true", "CI", "1");

            // Warm the server once (its JIT, its allocator), untimed, then drop what it stored: whichever
            // client ran first would otherwise pay for the in-process S3Proxy's warm-up.
            server.bucket("warm-up");
            check(exec(List.of("/usr/bin/aws", "--endpoint-url", endpoint, "s3", "sync", "--only-show-errors",
                    dist.toString(), "s3://warm-up/dist/"), env), "aws s3 sync (warm-up)");
            server.blobStore().clearContainer("warm-up");
            System.gc();

            long t0 = System.nanoTime();
            ProcessOutcome ours = exec(List.of(launcher,
                    "publish", "--packages-dir", dist.toString(), "--run-id", "1", "--artifact-group", "gfx94X-dcgpu",
                    "--platform", "linux", "--bucket", "gfxfleet-bench", "--endpoint-url", endpoint, "--path-style"), env);
            double oursS = (System.nanoTime() - t0) / 1e9;
            check(ours, "gfxfleet publish");
            System.out.println("gfxfleet publish: " + lastLines(ours.output(), 6));

            long t1 = System.nanoTime();
            ProcessOutcome aws = exec(List.of("/usr/bin/aws", "--endpoint-url", endpoint, "s3", "sync", "--only-show-errors",
                    dist.toString(), "s3://aws-bench/1-linux/python/gfx94X-dcgpu/dist/"), env);
            double awsS = (System.nanoTime() - t1) / 1e9;
            check(aws, "aws s3 sync");

            long t2 = System.nanoTime();
            ProcessOutcome again = exec(List.of(launcher,
                    "publish", "--packages-dir", dist.toString(), "--run-id", "1", "--artifact-group", "gfx94X-dcgpu",
                    "--platform", "linux", "--bucket", "gfxfleet-bench", "--endpoint-url", endpoint, "--path-style"), env);
            double againS = (System.nanoTime() - t2) / 1e9;
            check(again, "gfxfleet publish (again)");

            // Index generation: warm-up once (JIT), then measure; sha256sum likewise.
            RunLayout layout = new RunLayout("", "1", Platform.LINUX, "gfx94X-dcgpu");
            new RunIndexPublisher().planFor(dist, layout);
            long t3 = System.nanoTime();
            new RunIndexPublisher().planFor(dist, layout);
            double indexS = (System.nanoTime() - t3) / 1e9;
            run(List.of("sha256sum"), files, true);
            long t4 = System.nanoTime();
            run(List.of("sha256sum"), files, true);
            double shaS = (System.nanoTime() - t4) / 1e9;

            double mib = bytes / 1048576.0;
            System.out.println();
            System.out.printf(Locale.ROOT, "%-34s %8.2f s  %8.1f MiB/s%n", "gfxfleet publish (new JVM)", oursS, mib / oursS);
            System.out.printf(Locale.ROOT, "%-34s %8.2f s  %8.1f MiB/s%n", "aws s3 sync", awsS, mib / awsS);
            System.out.printf(Locale.ROOT, "%-34s %8.2f s%n", "gfxfleet publish again (no-op)", againS);
            System.out.printf(Locale.ROOT, "%-34s %8.2f s  %8.1f MiB/s%n", "index generation", indexS, mib / indexS);
            System.out.printf(Locale.ROOT, "%-34s %8.2f s  %8.1f MiB/s%n", "sha256sum", shaS, mib / shaS);
            System.out.printf(Locale.ROOT, "publish time / aws s3 sync time      = %.2f  (target <= 1.0)%n", oursS / awsS);
            System.out.printf(Locale.ROOT, "index throughput / sha256sum's       = %.2f  (target >= 0.8)%n", shaS / indexS);
        }
    }

    /** A small rocm-named wheel of incompressible bytes: what a build's many small packages look like to an uploader. */
    static void smallWheel(Path dir, String project, SecureRandom random) throws Exception {
        String dist = project.replace('-', '_');
        String info = dist + "-" + VERSION + ".dist-info/";
        byte[] payload = new byte[SMALL_BYTES];
        random.nextBytes(payload);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put(dist + "/blob.bin", payload);
        entries.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + VERSION + "\n")
                .getBytes(StandardCharsets.UTF_8));
        entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: gfxfleet-bench\nRoot-Is-Purelib: false\nTag: py3-none-linux_x86_64\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String h = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(e.getValue()));
            record.append(e.getKey()).append(",sha256=").append(h).append(',').append(e.getValue().length).append('\n');
        }
        record.append(info).append("RECORD,,\n");
        entries.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        try (OutputStream out = Files.newOutputStream(dir.resolve(dist + "-" + VERSION + "-py3-none-linux_x86_64.whl"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setMethod(ZipEntry.STORED);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                z.setSize(e.getValue().length);
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    record ProcessOutcome(int exit, String output) {}

    static ProcessOutcome exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessOutcome(p.waitFor(), out);
    }

    /** Runs {@code program files...} with its output discarded. */
    static void run(List<String> program, List<Path> files, boolean discard) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(program);
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IOException(program + " exited " + exit);
        }
    }

    static void check(ProcessOutcome o, String what) {
        if (o.exit() != 0) {
            throw new IllegalStateException(what + " exited " + o.exit() + ":\n" + o.output());
        }
    }

    static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static long dirBytes(Path dir) throws IOException {
        long n = 0;
        for (Path p : files(dir)) {
            n += Files.size(p);
        }
        return n;
    }
}
