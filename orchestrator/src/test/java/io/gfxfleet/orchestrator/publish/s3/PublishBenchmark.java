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
 * one machine, against one S3Proxy per scheme (transient, in memory, authenticating as S3 does):
 * <ol>
 *   <li>{@code gfxfleet publish} (the launcher: a fresh JVM on the built jar and its class-data sharing
 *       archive, as a build job runs it) vs {@code aws s3 sync} vs {@code rclone copy} of the same dist
 *       folder, over plain http and over https (a test CA made at run time, passed to each client:
 *       {@code --ca-bundle}, {@code AWS_CA_BUNDLE}, {@code --ca-cert}), each on a quiet machine and
 *       beside a fixed CPU hog on the same cores ({@code stress-ng --cpu N}, else N busy loops);
 *       the server warmed by every client, untimed, then rounds in rotating order; wall time, each
 *       client's CPU and the server's CPU, with the load average sampled before each run;</li>
 *   <li>optionally ({@code bench.profile=true}) one more publish over https under JFR: where our CPU goes;</li>
 *   <li>index generation (validate every file, SHA-256, METADATA, pages) vs {@code sha256sum} over the same files.</li>
 * </ol>
 * Args: work folder. System properties: {@code bench.launcher} (the {@code gfxfleet} launcher, already
 * run once so that its jar and archive exist), {@code bench.schemes} ({@code http,https}),
 * {@code bench.conditions} ({@code quiet,hog}), {@code bench.rounds} (2), {@code bench.profile}; for diagnosing,
 * {@code bench.padMiB} (345: each big wheel's padding, ~1.05 GiB in all; 64 makes ~0.2 GiB) and
 * {@code bench.clients} (gfxfleet,aws,rclone; the targets are judged only when all three ran).
 * Needs GNU time ({@code /usr/bin/time}), {@code aws} and {@code rclone}.
 */
public final class PublishBenchmark {
    static final String VERSION = "7.10.0a20261125";
    static final long PAD = 345L << 20;
    static final int SMALL_FILES = 400;
    static final int SMALL_BYTES = 48 << 10;
    static final List<String> CLIENTS = List.of("gfxfleet", "aws", "rclone");

    /** One client's command line and environment for one server. */
    record Client(String name, List<String> command, Map<String, String> env, String bucket) {}

    /** The figures of one client in one scheme and condition: the sum over its rounds. */
    record Cell(String scheme, String condition, String client, Timed total, int rounds) {
        double wall() { return total.seconds() / rounds; }
        double clientCpu() { return total.clientCpu() / rounds; }
        double serverCpu() { return total.serverCpu() / rounds; }
        double load() { return total.load() / rounds; }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/gfxfleet-bench").toAbsolutePath();
        // What a build job runs: the launcher (the built jar, with its class-data sharing archive).
        String launcher = System.getProperty("bench.launcher", "./gfxfleet");
        List<String> schemes = List.of(System.getProperty("bench.schemes", "http,https").split(","));
        List<String> conditions = List.of(System.getProperty("bench.conditions", "quiet,hog").split(","));
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "2"));
        boolean profile = Boolean.parseBoolean(System.getProperty("bench.profile", "true"));
        // A smaller dist for diagnosing (bench.padMiB=64: ~0.2 GiB); the report's figures are per GiB.
        long pad = Long.getLong("bench.padMiB", PAD >> 20) << 20;
        List<String> only = List.of(System.getProperty("bench.clients", String.join(",", CLIENTS)).split(","));
        Path dist = work.resolve("samples/dist");
        Path padMark = work.resolve("samples/pad-bytes");
        if (!Files.isDirectory(dist) || !Files.exists(padMark) || Long.parseLong(Files.readString(padMark).trim()) != pad) {
            System.out.println("building the dist folder in " + work + " ...");
            if (Files.isDirectory(dist)) {
                for (Path f : files(dist)) {
                    Files.delete(f);
                }
            }
            SamplePackages.builder().version(VERSION).families("gfx94X-dcgpu").padBytesPerWheel(pad)
                    .writeTo(work.resolve("samples"));
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < SMALL_FILES; i++) {
                smallWheel(dist, String.format(Locale.ROOT, "rocm-sdk-bench-part%03d", i), random);
            }
            Files.writeString(padMark, Long.toString(pad));
        }
        List<Path> files = files(dist);
        long bytes = dirBytes(dist);
        double gib = bytes / (double) (1L << 30);
        System.out.printf("dist: %d files, %.1f MiB; %d cores; schemes %s, conditions %s, %d round(s) each%n",
                files.size(), bytes / 1048576.0, Runtime.getRuntime().availableProcessors(), schemes, conditions, rounds);
        TestCertificates certificates = TestCertificates.create(work.resolve("tls"));
        Path rcloneConfig = work.resolve("rclone.conf");
        Files.writeString(rcloneConfig, "");
        CpuHog hog = CpuHog.forAllCores();
        System.out.println("CPU hog for the 'hog' condition: " + hog.describe());

        // Warm the page cache so no side pays for the disk.
        run(List.of("cat"), files, true);

        List<Cell> cells = new ArrayList<>();
        Path timeFile = work.resolve("client-cpu.txt");
        String profileSummary = null;
        for (String scheme : schemes) {
            boolean https = scheme.equals("https");
            // Authenticating, as S3 is: the server checks every signature and every signed body
            // digest, which is the checksum the clients' uploads are verified by.
            try (S3ProxyServer server = S3ProxyServer.start(true, https ? certificates : null)) {
                List<Client> clients = clients(server, launcher, dist, https ? certificates.caPem() : null, rcloneConfig)
                        .stream().filter(c -> only.contains(c.name())).toList();
                for (Client c : clients) {
                    server.bucket(c.bucket());
                }
                // Warm the server (its JIT, its allocator, its TLS) with every client, untimed: each
                // client's requests take code paths of their own in the in-process S3Proxy, and
                // whichever ran first on a cold path would pay for its warm-up.
                for (Client c : clients) {
                    check(exec(c.command(), c.env()), c.name() + " over " + scheme + " (warm-up)");
                }
                for (String condition : conditions) {
                    boolean hogged = condition.equals("hog");
                    Map<String, Timed> totals = new java.util.LinkedHashMap<>();
                    if (hogged) {
                        hog.start();
                    }
                    try {
                        for (int round = 0; round < rounds; round++) {
                            // Rotating order, into emptied buckets: no client always runs on a server
                            // that another has just loaded.
                            List<Client> order = new ArrayList<>(clients);
                            java.util.Collections.rotate(order, -round);
                            for (Client c : order) {
                                server.blobStore().clearContainer(c.bucket());
                                Timed t = timed(c.command(), c.env(), timeFile, c.name() + " over " + scheme + ", " + condition);
                                System.out.printf(Locale.ROOT, "%-5s %-5s round %d  %-8s %7.2f s wall  %6.2f s client CPU  %6.2f s server CPU  load %.1f%n",
                                        scheme, condition, round + 1, c.name(), t.seconds(), t.clientCpu(), t.serverCpu(), t.load());
                                totals.merge(c.name(), t, Timed::plus);
                            }
                        }
                    } finally {
                        if (hogged) {
                            hog.stop();
                        }
                    }
                    for (Client c : clients) {
                        cells.add(new Cell(scheme, condition, c.name(), totals.get(c.name()), rounds));
                    }
                }
                if (https && profile && only.contains("gfxfleet")) {
                    profileSummary = profileOurs(clients.get(0), server, work);
                }
            }
        }

        // Index generation: warm-up once (JIT), then measure; sha256sum likewise.
        RunLayout layout = new RunLayout("", "1", Platform.LINUX, "gfx94X-dcgpu");
        new RunIndexPublisher().planFor(dist, layout);
        double indexLoad = load();
        long t3 = System.nanoTime();
        new RunIndexPublisher().planFor(dist, layout);
        double indexS = (System.nanoTime() - t3) / 1e9;
        run(List.of("sha256sum"), files, true);
        long t4 = System.nanoTime();
        run(List.of("sha256sum"), files, true);
        double shaS = (System.nanoTime() - t4) / 1e9;

        double mib = bytes / 1048576.0;
        System.out.println();
        System.out.printf(Locale.ROOT, "publish of %.0f MiB, mean of %d round(s)        wall        rate   client CPU  CPU/GiB  server CPU  load avg%n",
                mib, rounds);
        for (Cell c : cells) {
            System.out.printf(Locale.ROOT, "%-5s %-5s %-28s %7.2f s %6.1f MiB/s %8.2f s %7.2f s %8.2f s  %6.1f%n", c.scheme(), c.condition(),
                    label(c.client()), c.wall(), mib / c.wall(), c.clientCpu(), c.clientCpu() / gib, c.serverCpu(), c.load());
        }
        System.out.println();
        System.out.println("targets: gfxfleet wall <= the faster of aws and rclone; gfxfleet client CPU per GiB <= aws's");
        for (String scheme : only.containsAll(CLIENTS) ? schemes : List.<String>of()) {
            for (String condition : conditions) {
                Cell ours = find(cells, scheme, condition, "gfxfleet");
                Cell aws = find(cells, scheme, condition, "aws");
                Cell rclone = find(cells, scheme, condition, "rclone");
                Cell faster = aws.wall() <= rclone.wall() ? aws : rclone;
                double wallRatio = ours.wall() / faster.wall();
                double cpuRatio = ours.clientCpu() / aws.clientCpu();
                System.out.printf(Locale.ROOT, "%-5s %-5s wall / %-6s's = %.2f (target <= 1.0: %s)   CPU per GiB / aws's = %.2f (target <= 1.0: %s)   load %.1f%n",
                        scheme, condition, faster.client(), wallRatio, wallRatio <= 1.0 ? "holds" : "MISSED",
                        cpuRatio, cpuRatio <= 1.0 ? "holds" : "MISSED", (ours.load() + aws.load() + rclone.load()) / 3);
            }
        }
        System.out.printf(Locale.ROOT, "%-30s %8.2f s  %7.1f MiB/s  (load %.1f)%n", "index generation", indexS, mib / indexS, indexLoad);
        System.out.printf(Locale.ROOT, "%-30s %8.2f s  %7.1f MiB/s%n", "sha256sum", shaS, mib / shaS);
        System.out.printf(Locale.ROOT, "index throughput / sha256sum's       = %.2f  (target >= 0.8)%n", shaS / indexS);
        if (profileSummary != null) {
            System.out.println();
            System.out.println(profileSummary);
        }
    }

    private static String label(String client) {
        return switch (client) {
            case "gfxfleet" -> "gfxfleet publish (new JVM)";
            case "aws" -> "aws s3 sync";
            default -> "rclone copy";
        };
    }

    private static Cell find(List<Cell> cells, String scheme, String condition, String client) {
        return cells.stream().filter(c -> c.scheme().equals(scheme) && c.condition().equals(condition) && c.client().equals(client))
                .findFirst().orElseThrow();
    }

    /** The three clients for this server, each into its own bucket, each trusting {@code ca} when given. */
    static List<Client> clients(S3ProxyServer server, String launcher, Path dist, Path ca, Path rcloneConfig) {
        String endpoint = server.endpoint().toString();
        var credentials = S3ProxyServer.ANY_CREDENTIALS.resolveCredentials();
        Map<String, String> awsEnv = new java.util.HashMap<>(Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(), "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_EC2_METADATA_DISABLED", "true", "CI", "1"));
        // Both AWS-shaped clients read AWS_CA_BUNDLE; ours also takes --ca-bundle (used here, so that
        // the option is what is measured), aws --ca-bundle likewise.
        List<String> ours = new ArrayList<>(List.of(launcher,
                "publish", "--packages-dir", dist.toString(), "--run-id", "1", "--artifact-group", "gfx94X-dcgpu",
                "--platform", "linux", "--bucket", "gfxfleet-bench", "--endpoint-url", endpoint, "--path-style"));
        // Debian's awscli (byte-compiled), not a pyenv shim that starts a shell first.
        List<String> aws = new ArrayList<>(List.of(System.getProperty("bench.aws", "/usr/bin/aws"), "--endpoint-url", endpoint));
        if (ca != null) {
            ours.addAll(List.of("--ca-bundle", ca.toString()));
            aws.addAll(List.of("--ca-bundle", ca.toString()));
        }
        aws.addAll(List.of("s3", "sync", "--only-show-errors", dist.toString(), "s3://aws-bench/1-linux/python/gfx94X-dcgpu/dist/"));
        // rclone's defaults (4 transfers, 8 checkers), configured from the environment: an S3
        // remote named "bench" for a generic S3 server, path-style.
        Map<String, String> rcloneEnv = new java.util.HashMap<>(Map.of("RCLONE_CONFIG_BENCH_TYPE", "s3",
                "RCLONE_CONFIG_BENCH_PROVIDER", "Other", "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", credentials.accessKeyId(),
                "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", credentials.secretAccessKey(), "RCLONE_CONFIG_BENCH_ENDPOINT", endpoint,
                "RCLONE_CONFIG_BENCH_REGION", "us-east-1", "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true"));
        // rclone's AWS SDK would take a machine-wide AWS_CA_BUNDLE for its own and fail ("unsupported
        // transport"): rclone is given the CA by --ca-cert only.
        rcloneEnv.put("AWS_CA_BUNDLE", null);
        List<String> rclone = new ArrayList<>(List.of("rclone", "--config", rcloneConfig.toString(), "copy", "--s3-no-check-bucket"));
        if (ca != null) {
            rclone.addAll(List.of("--ca-cert", ca.toString()));
        }
        rclone.addAll(List.of(dist.toString(), "bench:rclone-bench/1-linux/python/gfx94X-dcgpu/dist/"));
        return List.of(new Client("gfxfleet", ours, awsEnv, "gfxfleet-bench"), new Client("aws", aws, awsEnv, "aws-bench"),
                new Client("rclone", rclone, rcloneEnv, "rclone-bench"));
    }

    /**
     * One more publish of ours over https, under Java Flight Recorder (through JAVA_TOOL_OPTIONS, so
     * the launcher runs unchanged), summarised: where the samples' top frames are, by package and by
     * method, and what the collector and the JIT cost.
     */
    static String profileOurs(Client ours, S3ProxyServer server, Path work) throws Exception {
        Path jfr = work.resolve("publish-https.jfr");
        Files.deleteIfExists(jfr);
        server.blobStore().clearContainer(ours.bucket());
        Map<String, String> env = new java.util.HashMap<>(ours.env());
        env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        check(exec(ours.command(), env), "gfxfleet publish under JFR");
        return JfrSummary.of(jfr, 14);
    }

    /**
     * One timed client run: wall time, the client's CPU (user + sys, as GNU time reports it, children
     * included), the CPU this JVM (the in-process S3Proxy) used meanwhile, and the 1-minute load
     * average just before it started (other work on the cores skews every figure).
     */
    record Timed(double seconds, double clientCpu, double serverCpu, double load, String output) {
        static final Timed ZERO = new Timed(0, 0, 0, 0, "");

        Timed plus(Timed o) {
            return new Timed(seconds + o.seconds, clientCpu + o.clientCpu, serverCpu + o.serverCpu, load + o.load, o.output);
        }
    }

    static double load() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    static Timed timed(List<String> cmd, Map<String, String> env, Path timeFile, String what) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<String> withTime = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", timeFile.toString()));
        withTime.addAll(cmd);
        // Neither client pays for collecting the garbage the server made for the other.
        System.gc();
        double load = load();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        ProcessOutcome o = exec(withTime, env);
        double wall = (System.nanoTime() - t0) / 1e9;
        double serverCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        check(o, what);
        String[] userSys = Files.readString(timeFile).trim().split("\\s+");
        return new Timed(wall, Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1]), serverCpu, load, o.output());
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
        // A null value unsets a variable the benchmark inherited.
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
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
