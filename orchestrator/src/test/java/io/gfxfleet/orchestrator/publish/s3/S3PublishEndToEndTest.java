package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.cli.DepsCommand;
import io.gfxfleet.orchestrator.cli.PublishCommand;
import io.gfxfleet.orchestrator.publish.Sha256;
import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.testkit.PipInstallReport;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunManifest;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./gfxfleet publish} and {@code deps publish} to a real S3 server (S3Proxy on loopback,
 * AWS SDK v2), then real pip in fresh venvs installing straight from the bucket's plain REST
 * endpoint with the two-index pattern.
 */
class S3PublishEndToEndTest {
    static final String V = "7.10.0a20261125";
    static final String V2 = "7.10.0a20261126";
    static final String BUCKET = "therock-dev-python";

    @TempDir
    static Path tmp;
    static S3ProxyServer server;
    static S3Settings bucket;
    static SampleOutput samples;

    @BeforeAll
    static void publish() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        server = S3ProxyServer.start();
        bucket = server.bucket(BUCKET);
        samples = SamplePackages.builder().version(V).families("gfx94X-dcgpu", "gfx110X-all").writeTo(tmp.resolve("samples"));
        CliRun run = publishRun(samples.root(), "1001", "multiarch");
        assertEquals(0, run.exitCode(), run::describe);
        CliRun deps = CliRun.of(new DepsCommand(), "publish", "--packages-dir", samples.deps().toString(),
                "--bucket", BUCKET, "--anonymous", "--endpoint-url", server.endpoint().toString(), "--path-style");
        assertEquals(0, deps.exitCode(), deps::describe);
        // Another build's run index, holding a newer rocm: it must never reach an install of run 1001.
        SampleOutput other = SamplePackages.builder().version(V2).families("gfx94X-dcgpu").writeTo(tmp.resolve("other"));
        CliRun second = publishRun(other.root(), "1002", "multiarch");
        assertEquals(0, second.exitCode(), second::describe);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static CliRun publishRun(Path packages, String runId, String group, String... extra) {
        List<String> args = new ArrayList<>(List.of("--packages-dir", packages.toString(), "--run-id", runId,
                "--artifact-group", group, "--platform", "linux", "--bucket", BUCKET, "--anonymous",
                "--endpoint-url", server.endpoint().toString(), "--path-style"));
        args.addAll(List.of(extra));
        return CliRun.of(new PublishCommand(), args.toArray(String[]::new));
    }

    static String url(String key) {
        return bucket.baseUrl() + key;
    }

    static Map<String, String> listing() {
        Map<String, String> keys = new TreeMap<>();
        for (StorageMetadata m : server.blobStore().list(BUCKET, ListContainerOptions.Builder.recursive())) {
            keys.put(m.getName(), m.getETag());
        }
        return keys;
    }

    @Test
    void pipInstallsStraightFromTheS3RestEndpoint() throws Exception {
        RunLayout layout = layout("1001");
        PythonVenv venv = PythonVenv.create(tmp.resolve("venv-s3"));
        PythonVenv.PipInstall pip = venv.installTwoIndex("rocm[libraries,devel]==" + V, url(RunLayout.DEPS_SIMPLE),
                url(layout.simpleFolder()), Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu"));
        assertTrue(pip.succeeded(), pip.process()::describe);
        assertCameFromRun(pip.report(), layout, V, "gfx94X-dcgpu");
        PipInstallReport.Installed dep = pip.report().find(SamplePackages.RUNTIME_DEP).orElseThrow();
        assertTrue(dep.url().startsWith(url(RunLayout.DEPS_SIMPLE)), dep.url());
    }

    @Test
    void anotherRunsNewerRocmDoesNotLeakIntoTheInstall() throws Exception {
        RunLayout layout = layout("1001");
        PythonVenv venv = PythonVenv.create(tmp.resolve("venv-leak"));
        // Unpinned (pre-releases allowed): run 1002 holds a newer version, but only in its own index.
        PythonVenv.PipInstall pip = venv.installTwoIndex("rocm[libraries,devel]>=7.0.0a0", url(RunLayout.DEPS_SIMPLE),
                url(layout.simpleFolder()), Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu"));
        assertTrue(pip.succeeded(), pip.process()::describe);
        assertCameFromRun(pip.report(), layout, V, "gfx94X-dcgpu");

        // And the other run's index does hold that newer version.
        PythonVenv other = PythonVenv.create(tmp.resolve("venv-other"));
        PythonVenv.PipInstall pip2 = other.installTwoIndex("rocm[libraries,devel]>=7.0.0a0", url(RunLayout.DEPS_SIMPLE),
                url(layout("1002").simpleFolder()), Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu"));
        assertTrue(pip2.succeeded(), pip2.process()::describe);
        assertCameFromRun(pip2.report(), layout("1002"), V2, "gfx94X-dcgpu");
    }

    @Test
    void foldersPagesAreHtmlObjectsServedUncached() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String key : List.of(layout("1001").simpleFolder(), layout("1001").simpleFolder() + "rocm-sdk-core/",
                RunLayout.DEPS_SIMPLE, RunLayout.DEPS_SIMPLE + "setuptools/")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(key))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), key);
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"), key);
            assertEquals("no-cache,no-store,must-revalidate", r.headers().firstValue("cache-control").orElse(""), key);
            assertTrue(r.body().contains("<a href="), key + ": " + r.body());
        }
    }

    @Test
    void distributionAndMetadataFilesAreServedCacheable() throws Exception {
        RunLayout layout = layout("1001");
        HttpClient http = HttpClient.newHttpClient();
        RunManifest m = RunManifest.parse(http.send(HttpRequest.newBuilder(URI.create(url(layout.manifestKey()))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
        String wheel = m.files().stream().map(RunManifest.File::name).filter(n -> n.endsWith(".whl")).findFirst().orElseThrow();
        for (String key : List.of(layout.distFolder() + wheel, layout.distFolder() + wheel + ".metadata")) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url(key))).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, r.statusCode(), key);
            // What lets a runner's pip keep a run's files instead of downloading them for every job.
            assertEquals("public, max-age=604800, immutable", r.headers().firstValue("cache-control").orElse(""), key);
        }
    }

    @Test
    void runJsonDescribesTheRun() throws Exception {
        RunLayout layout = layout("1001");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(layout.manifestKey())))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        RunManifest m = RunManifest.parse(r.body());
        assertEquals("1001", m.runId());
        assertEquals(V, m.version());
        assertEquals(List.of("gfx110X-all", "gfx94X-dcgpu"), m.families());
        assertEquals(url(layout.simpleFolder()), m.runIndexUrl());
        assertEquals(url(RunLayout.DEPS_SIMPLE), m.depsIndexUrl());
        assertEquals(samples.distFiles().size(), m.files().size());
        for (Path f : samples.distFiles()) {
            RunManifest.File entry = m.files().stream().filter(e -> e.name().equals(f.getFileName().toString()))
                    .findFirst().orElseThrow();
            assertEquals(Sha256.of(f), entry.sha256());
            assertEquals(Files.size(f), entry.size());
        }
    }

    @Test
    void republishingTheSameFilesIsANoOp() {
        Map<String, String> before = listing();
        CliRun again = publishRun(samples.root(), "1001", "multiarch");
        assertEquals(0, again.exitCode(), again::describe);
        assertTrue(again.out().contains("0 objects written (" + (before.keySet().stream()
                .filter(k -> k.startsWith(layout("1001").groupRoot())).count()) + " unchanged)"), again::describe);
        assertEquals(before, listing());
    }

    @Test
    void dryRunLeavesTheBucketUnchanged() {
        Map<String, String> before = listing();
        CliRun dry = publishRun(samples.root(), "1003", "multiarch", "--dry-run");
        assertEquals(0, dry.exitCode(), dry::describe);
        assertTrue(dry.out().contains("would write " + layout("1003").simpleFolder() + "\n"), dry::describe);
        assertTrue(dry.out().contains("would write " + layout("1003").manifestKey() + "\n"), dry::describe);
        assertEquals(before, listing());
    }

    @Test
    void aFileWithOtherBytesUnderThePublishedNameIsRefusedUnlessOverwriting() throws Exception {
        SampleOutput first = SamplePackages.builder().version(V).families("gfx94X-dcgpu").writeTo(tmp.resolve("ow1"));
        assertEquals(0, publishRun(first.root(), "1004", "gfx94X-dcgpu").exitCode());
        // Same names, other bytes: a changed test outcome changes the libraries wheel.
        SampleOutput changed = SamplePackages.builder().version(V).families("gfx94X-dcgpu")
                .outcome("gfx94X-dcgpu", io.gfxfleet.orchestrator.samples.SampleTest.CORE_CONSOLE_SCRIPTS,
                        io.gfxfleet.orchestrator.samples.SampleOutcome.fail("changed"))
                .writeTo(tmp.resolve("ow2"));
        Map<String, String> before = listing();
        CliRun refused = publishRun(changed.root(), "1004", "gfx94X-dcgpu");
        assertEquals(4, refused.exitCode(), refused::describe);
        assertTrue(refused.err().contains("rocm_sdk_libraries_gfx94X_dcgpu-" + V + "-py3-none-linux_x86_64.whl (stored sha256 "),
                refused::describe);
        assertTrue(refused.err().contains("published files are immutable"), refused::describe);
        assertEquals(before, listing(), "a refused publish writes nothing");

        CliRun overwritten = publishRun(changed.root(), "1004", "gfx94X-dcgpu", "--overwrite");
        assertEquals(0, overwritten.exitCode(), overwritten::describe);
        String key = layout("1004", "gfx94X-dcgpu").distFolder() + "rocm_sdk_libraries_gfx94X_dcgpu-" + V
                + "-py3-none-linux_x86_64.whl";
        byte[] stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(key))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertEquals(Sha256.of(changed.dist().resolve(key.substring(key.lastIndexOf('/') + 1))), Sha256.of(stored));
    }

    @Test
    void refusalsNameTheFile() throws Exception {
        Map<String, String> before = listing();
        CliRun depInRun = publishRun(samples.deps(), "1005", "multiarch");
        assertEquals(4, depInRun.exitCode(), depInRun::describe);
        assertTrue(depInRun.err().contains("sample_runtime_dep-1.0.0-py3-none-any.whl: 'sample-runtime-dep' is not a rocm package"),
                depInRun::describe);

        CliRun rocmInDeps = CliRun.of(new DepsCommand(), "publish", "--packages-dir", samples.dist().toString(),
                "--bucket", BUCKET, "--anonymous", "--endpoint-url", server.endpoint().toString(), "--path-style");
        assertEquals(4, rocmInDeps.exitCode(), rocmInDeps::describe);
        assertTrue(rocmInDeps.err().contains("' is a rocm package; the deps index must never hold one"), rocmInDeps::describe);

        Path mixed = Files.createDirectories(tmp.resolve("mixed/dist"));
        for (Path f : samples.distFiles()) {
            Files.copy(f, mixed.resolve(f.getFileName()));
        }
        SampleOutput other = SamplePackages.builder().version(V2).families("gfx94X-dcgpu").writeTo(tmp.resolve("mixed-other"));
        Path otherCore = other.distFiles().stream().filter(p -> p.getFileName().toString().startsWith("rocm_sdk_core-"))
                .findFirst().orElseThrow();
        Files.copy(otherCore, mixed.resolve(otherCore.getFileName()));
        CliRun twoVersions = publishRun(mixed.getParent(), "1005", "multiarch");
        assertEquals(4, twoVersions.exitCode(), twoVersions::describe);
        assertTrue(twoVersions.err().contains("a run index holds one version"), twoVersions::describe);

        Path badName = Files.createDirectories(tmp.resolve("badname/dist"));
        Files.writeString(badName.resolve("notes.txt"), "hello");
        CliRun notADist = publishRun(badName.getParent(), "1005", "multiarch");
        assertEquals(4, notADist.exitCode(), notADist::describe);
        assertTrue(notADist.err().contains("notes.txt: not a distribution"), notADist::describe);

        CliRun both = publishRun(samples.root(), "1005", "multiarch", "--output-dir", tmp.resolve("x").toString());
        assertEquals(2, both.exitCode(), both::describe);
        assertTrue(both.err().contains("give --bucket or --output-dir, not both"), both::describe);
        assertEquals(before, listing());
    }

    @Test
    void bigFilesGoUpInVerifiedPartsAndReadBackIdentical() throws Exception {
        SampleOutput big = SamplePackages.builder().version("7.10.0a20261127").families("gfx94X-dcgpu")
                .padBytesPerWheel(S3Target.PART_SIZE * 2L + 12345).writeTo(tmp.resolve("big"));
        CliRun run = publishRun(big.root(), "1006", "gfx94X-dcgpu");
        assertEquals(0, run.exitCode(), run::describe);
        HttpClient http = HttpClient.newHttpClient();
        for (Path f : big.distFiles()) {
            String key = layout("1006", "gfx94X-dcgpu").distFolder() + f.getFileName();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url(key))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), key);
            assertEquals(Sha256.of(f), Sha256.of(r.body()), key);
        }
        assertTrue(Files.size(big.distFiles().get(1)) > S3Target.PART_SIZE * 2L, "a multipart-sized wheel");
    }

    static RunLayout layout(String runId) {
        return layout(runId, "multiarch");
    }

    static RunLayout layout(String runId, String group) {
        return new RunLayout("", runId, io.gfxfleet.protocol.layout.Platform.LINUX, group);
    }

    static void assertCameFromRun(PipInstallReport report, RunLayout layout, String version, String family) {
        for (String rocm : List.of("rocm", "rocm-sdk-core", "rocm-sdk-devel", "rocm-sdk-libraries-" + family)) {
            PipInstallReport.Installed p = report.find(rocm).orElseThrow(() -> new AssertionError(rocm + " not installed: " + report));
            assertEquals(version, p.version(), rocm);
            assertTrue(p.url().startsWith(url(layout.distFolder())), rocm + " came from " + p.url());
        }
    }
}
