package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunManifest;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build-side jar ({@code orchestrator-<version>-build.jar}, what {@code ./gfxfleet publish} and
 * {@code deps} run from) holds none of the server and still publishes: a fresh JVM on that jar
 * alone publishes a run and the deps index to a real S3 server (S3Proxy checking every signature
 * and signed body digest) and to a local folder. An integration test: the jar exists only after
 * {@code package}.
 */
class PublishJarIT {
    /** Packages of the server's dependencies and of the orchestrator's server side. */
    static final List<String> SERVER_PACKAGES = List.of("io/vertx/", "io/netty/", "org/sqlite/", "org/postgresql/",
            "com/zaxxer/", "org/flywaydb/", "io/micrometer/", "io/prometheus/", "org/apache/hc/",
            "io/gfxfleet/orchestrator/store/", "io/gfxfleet/orchestrator/http/", "io/gfxfleet/orchestrator/scheduler/",
            "io/gfxfleet/orchestrator/dashboard/", "io/gfxfleet/orchestrator/Orchestrator.class");
    static final String VERSION = "7.10.0a20261125";
    static final String BUCKET = "build-jar-bucket";
    /**
     * System property: record the classes the S3 publish and deps publish load into PATH.publish
     * and PATH.deps (orchestrator/src/main/cds/publish.classlist is their union; see its header).
     */
    static final String RECORD_CLASS_LIST = "gfxfleet.cds.record";

    @TempDir
    Path tmp;

    static Path jar() {
        String p = System.getProperty("gfxfleet.build.jar");
        assertNotNull(p, "the failsafe configuration names the build-side jar (gfxfleet.build.jar)");
        Path jar = Path.of(p);
        assertTrue(Files.isRegularFile(jar), jar + " is built by package");
        return jar;
    }

    @Test
    void theJarHoldsNoServerClass() throws IOException {
        Set<String> found = new TreeSet<>();
        int classes = 0;
        try (ZipFile z = new ZipFile(jar().toFile())) {
            for (ZipEntry e : z.stream().map(ZipEntry.class::cast).toList()) {
                classes += e.getName().endsWith(".class") ? 1 : 0;
                SERVER_PACKAGES.stream().filter(e.getName()::startsWith).forEach(found::add);
            }
            assertNotNull(z.getEntry("io/gfxfleet/orchestrator/publish/RunIndexPublisher.class"));
            assertNotNull(z.getEntry("io/gfxfleet/orchestrator/cli/BuildCli.class"));
        }
        assertEquals(Set.of(), found, "server classes in the build-side jar");
        assertTrue(classes > 1000, "the jar holds the AWS SDK: " + classes + " classes");
    }

    @Test
    void theJarAlonePublishesARunAndTheDepsIndexToS3() throws Exception {
        // Recording the class list (see its header): wheels large enough for multipart uploads, as a real run's are.
        String record = System.getProperty(RECORD_CLASS_LIST);
        var spec = SamplePackages.builder().version(VERSION).families("gfx94X-dcgpu");
        SampleOutput samples = (record == null ? spec : spec.padBytesPerWheel(2L * S3Target.PART_SIZE)).writeTo(tmp.resolve("samples"));
        try (S3ProxyServer server = S3ProxyServer.start(true)) {
            S3Settings bucket = server.bucket(BUCKET);
            String[] s3 = {"--bucket", BUCKET, "--endpoint-url", server.endpoint().toString(), "--path-style", "--region", "us-east-1"};
            Result run = runJar(concat(List.of("publish", "--packages-dir", samples.root().toString(), "--run-id", "4242",
                    "--multiarch", "--platform", "linux"), s3), record == null ? null : record + ".publish");
            assertEquals(0, run.exitCode(), run::describe);
            Result deps = runJar(concat(List.of("deps", "publish", "--packages-dir", samples.deps().toString()), s3),
                    record == null ? null : record + ".deps");
            assertEquals(0, deps.exitCode(), deps::describe);

            RunLayout layout = RunLayout.multiArch("", "4242", Platform.LINUX);
            RunManifest m = RunManifest.parse(read(server.blobStore().getBlob(BUCKET, layout.manifestKey())));
            assertEquals(VERSION, m.version());
            assertEquals(samples.distFiles().size(), m.files().size());
            for (Path f : samples.distFiles()) {
                Blob b = server.blobStore().getBlob(BUCKET, layout.distFolder() + f.getFileName());
                assertNotNull(b, f.getFileName() + " in the bucket");
                assertEquals(Sha256.of(f), Sha256.of(read(b)), f.getFileName() + " arrived whole");
            }
            String depsPage = new String(read(server.blobStore().getBlob(BUCKET, RunLayout.DEPS_SIMPLE)), StandardCharsets.UTF_8);
            assertTrue(depsPage.contains("<a href="), depsPage);
            assertTrue(run.out().contains(bucket.baseUrl()), run::describe);
        }
    }

    @Test
    void theJarAlonePublishesToALocalFolder() throws Exception {
        SampleOutput samples = SamplePackages.builder().version(VERSION).families("gfx94X-dcgpu").writeTo(tmp.resolve("samples"));
        Path out = tmp.resolve("index");
        Result run = runJar(List.of("publish", "--packages-dir", samples.root().toString(), "--run-id", "4343",
                "--multiarch", "--platform", "linux", "--output-dir", out.toString()));
        assertEquals(0, run.exitCode(), run::describe);
        RunLayout layout = RunLayout.multiArch("", "4343", Platform.LINUX);
        assertEquals(VERSION, RunManifest.parse(Files.readAllBytes(out.resolve(layout.manifestKey()))).version());
        assertTrue(Files.isRegularFile(out.resolve(layout.findLinksKey())));
    }

    record Result(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result runJar(List<String> args) throws IOException, InterruptedException {
        return runJar(args, null);
    }

    /** {@code classList}: where the JVM records the classes it loads (-XX:DumpLoadedClassList), or null. */
    private Result runJar(List<String> args, String classList) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (classList != null) {
            argv.add("-XX:DumpLoadedClassList=" + classList);
        }
        argv.addAll(List.of("-jar", jar().toString()));
        argv.addAll(args);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        // Only the jar: nothing of the test's class path may reach the child.
        env.remove("CLASSPATH");
        env.remove("JAVA_TOOL_OPTIONS");
        AwsCredentials c = S3ProxyServer.ANY_CREDENTIALS.resolveCredentials();
        env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        int code = pb.start().waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static byte[] read(Blob blob) throws IOException {
        assertNotNull(blob);
        try (InputStream in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }
}
