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
 *       archive, as a build job runs it) vs {@code aws s3 sync} of the same dist folder: the server
 *       warmed by both, untimed, then two rounds in alternating order; wall time, each client's CPU
 *       and the server's CPU;</li>
 *   <li>index generation (validate every file, SHA-256, METADATA, pages) vs {@code sha256sum} over the same files.</li>
 * </ol>
 * Args: work folder. System property {@code bench.launcher}: the {@code gfxfleet} launcher, already
 * run once so that its jar and archive exist (the harness script does that). Needs GNU time
 * ({@code /usr/bin/time}) for the clients' CPU.
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

        // Authenticating, as S3 is: the server checks every signature and every signed body digest,
        // which is the checksum both clients' uploads are verified by.
        try (S3ProxyServer server = S3ProxyServer.start(true)) {
            server.bucket("gfxfleet-bench");
            server.bucket("aws-bench");
            String endpoint = server.endpoint().toString();
            var credentials = S3ProxyServer.ANY_CREDENTIALS.resolveCredentials();
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                    "AWS_DEFAULT_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true", "CI", "1");
            List<String> ours = List.of(launcher,
                    "publish", "--packages-dir", dist.toString(), "--run-id", "1", "--artifact-group", "gfx94X-dcgpu",
                    "--platform", "linux", "--bucket", "gfxfleet-bench", "--endpoint-url", endpoint, "--path-style");
            List<String> aws = List.of("/usr/bin/aws", "--endpoint-url", endpoint, "s3", "sync", "--only-show-errors",
                    dist.toString(), "s3://aws-bench/1-linux/python/gfx94X-dcgpu/dist/");

            Path timeFile = work.resolve("client-cpu.txt");
            // Warm the server (its JIT, its allocator) with both clients, untimed, then drop what they
            // stored: each client's requests take code paths of their own in the in-process S3Proxy,
            // and whichever ran first on a cold path would pay for its warm-up.
            check(exec(ours, env), "gfxfleet publish (warm-up)");
            check(exec(aws, env), "aws s3 sync (warm-up)");

            // Two rounds in alternating order (ours first, then aws first), each into empty buckets,
            // so that neither side always runs on a server that the other has just loaded.
            Timed oursTotal = Timed.ZERO;
            Timed awsTotal = Timed.ZERO;
            Timed again = null;
            for (int round = 1; round <= 2; round++) {
                server.blobStore().clearContainer("gfxfleet-bench");
                server.blobStore().clearContainer("aws-bench");
                Timed o;
                Timed a;
                if (round == 1) {
                    o = timed(ours, env, timeFile, "gfxfleet publish");
                    a = timed(aws, env, timeFile, "aws s3 sync");
                } else {
                    a = timed(aws, env, timeFile, "aws s3 sync");
                    o = timed(ours, env, timeFile, "gfxfleet publish");
                    again = timed(ours, env, timeFile, "gfxfleet publish (again)");
                    System.out.println("gfxfleet publish: " + lastLines(o.output(), 6));
                }
                System.out.printf(Locale.ROOT, "round %d (%s first): gfxfleet publish %.2f s, aws s3 sync %.2f s%n",
                        round, round == 1 ? "gfxfleet" : "aws", o.seconds(), a.seconds());
                oursTotal = oursTotal.plus(o);
                awsTotal = awsTotal.plus(a);
            }

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
            double oursS = oursTotal.seconds() / 2;
            double awsS = awsTotal.seconds() / 2;
            System.out.println();
            System.out.println("publish, mean of 2 rounds         wall         rate   client CPU (user+sys)  S3Proxy CPU");
            System.out.printf(Locale.ROOT, "%-30s %8.2f s  %7.1f MiB/s  %8.2f s  %16.2f s%n", "gfxfleet publish (new JVM)",
                    oursS, mib / oursS, oursTotal.clientCpu() / 2, oursTotal.serverCpu() / 2);
            System.out.printf(Locale.ROOT, "%-30s %8.2f s  %7.1f MiB/s  %8.2f s  %16.2f s%n", "aws s3 sync",
                    awsS, mib / awsS, awsTotal.clientCpu() / 2, awsTotal.serverCpu() / 2);
            System.out.printf(Locale.ROOT, "%-30s %8.2f s%n", "gfxfleet publish again (no-op)", again.seconds());
            System.out.printf(Locale.ROOT, "%-30s %8.2f s  %7.1f MiB/s%n", "index generation", indexS, mib / indexS);
            System.out.printf(Locale.ROOT, "%-30s %8.2f s  %7.1f MiB/s%n", "sha256sum", shaS, mib / shaS);
            System.out.printf(Locale.ROOT, "publish time / aws s3 sync time      = %.2f  (target <= 1.0)%n", oursS / awsS);
            System.out.printf(Locale.ROOT, "index throughput / sha256sum's       = %.2f  (target >= 0.8)%n", shaS / indexS);
        }
    }

    /**
     * One timed client run: wall time, the client's CPU (user + sys, as GNU time reports it, children
     * included) and the CPU this JVM (the in-process S3Proxy) used meanwhile.
     */
    record Timed(double seconds, double clientCpu, double serverCpu, String output) {
        static final Timed ZERO = new Timed(0, 0, 0, "");

        Timed plus(Timed o) {
            return new Timed(seconds + o.seconds, clientCpu + o.clientCpu, serverCpu + o.serverCpu, o.output);
        }
    }

    static Timed timed(List<String> cmd, Map<String, String> env, Path timeFile, String what) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<String> withTime = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", timeFile.toString()));
        withTime.addAll(cmd);
        // Neither client pays for collecting the garbage the server made for the other.
        System.gc();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        ProcessOutcome o = exec(withTime, env);
        double wall = (System.nanoTime() - t0) / 1e9;
        double serverCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        check(o, what);
        String[] userSys = Files.readString(timeFile).trim().split("\\s+");
        return new Timed(wall, Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1]), serverCpu, o.output());
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
