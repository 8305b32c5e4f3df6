package io.gfxfleet.orchestrator.publish.s3;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.cli.DepsCommand;
import io.gfxfleet.orchestrator.cli.PublishCommand;
import io.gfxfleet.orchestrator.discovery.DiscoverySettings;
import io.gfxfleet.orchestrator.discovery.RunDiscovery;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.intake.RunIntake;
import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.LocalFolderTarget;
import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.testkit.PipInstallReport;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
import io.gfxfleet.orchestrator.testkit.StaticIndexServer;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunManifest;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intake by discovery and {@code --register}; {@code deps sync} from an upstream index; {@code --output-dir} with file:// URLs. */
class DiscoveryAndMirrorTest {
    static final String V = "7.10.0a20261125";

    @TempDir
    static Path tmp;
    static S3ProxyServer server;
    static SampleOutput samples;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        server = S3ProxyServer.start();
        samples = SamplePackages.builder().version(V).families("gfx94X-dcgpu").writeTo(tmp.resolve("samples"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static CliRun publish(String bucket, String runId, String... extra) {
        List<String> args = new ArrayList<>(List.of("--packages-dir", samples.root().toString(), "--run-id", runId,
                "--artifact-group", "gfx94X-dcgpu", "--platform", "linux", "--bucket", bucket, "--anonymous",
                "--endpoint-url", server.endpoint().toString(), "--path-style"));
        args.addAll(List.of(extra));
        return CliRun.of(new PublishCommand(), args.toArray(String[]::new));
    }

    @Test
    void discoveryAndRegisterCreateEachRunExactlyOnce() throws Exception {
        S3Settings bucket = server.bucket("discovered");
        OrchestratorConfig config = OrchestratorConfig.embedded(tmp.resolve("orch"), 0)
                .withDiscovery(new DiscoverySettings(bucket, "", Duration.ofMillis(200)));
        try (Orchestrator o = Orchestrator.start(config)) {
            CliRun registered = publish("discovered", "2001", "--register", o.baseUrl());
            assertEquals(0, registered.exitCode(), registered::describe);
            assertTrue(registered.out().contains("(new)"), registered::describe);
            CliRun discoveredOnly = publish("discovered", "2002");
            assertEquals(0, discoveredOnly.exitCode(), discoveredOnly::describe);

            // Discovery finds 2002 by itself (and 2001 again, which must stay one run).
            while (o.store().recentRuns(50, 0).stream().noneMatch(r -> r.runId().equals("2002"))) {
                Thread.sleep(50);
            }
            CliRun again = publish("discovered", "2001", "--register", o.baseUrl());
            assertEquals(0, again.exitCode(), again::describe);
            assertTrue(again.out().contains("(already known)"), again::describe);

            // A restarted orchestrator's discovery remembers nothing and still creates nothing new.
            try (RunDiscovery fresh = new RunDiscovery(server.target(bucket), "",
                    new RunIntake(FamilyCatalogue.bundled(), IndexAllowlist.ANY), o.store())) {
                assertEquals(List.of(), fresh.pollOnce());
            }
            List<RunView> runs = o.store().recentRuns(50, 0);
            assertEquals(List.of("2001", "2002"), runs.stream().map(RunView::runId).sorted().toList());
            RunView r = runs.stream().filter(x -> x.runId().equals("2002")).findFirst().orElseThrow();
            assertEquals(V, r.version());
            assertEquals(bucket.baseUrl() + new RunLayout("", "2002", Platform.LINUX, "gfx94X-dcgpu").simpleFolder(),
                    r.runIndexUrl());
            assertEquals(bucket.baseUrl() + RunLayout.DEPS_SIMPLE, r.depsIndexUrl());
        }
    }

    /** The version of the build-backend wheel the samples put into deps/ (it depends on the machine). */
    private static String depsVersion(String prefix) {
        String name = samples.depsFiles().stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                .findFirst().orElseThrow();
        return name.substring(prefix.length(), name.indexOf('-', prefix.length()));
    }

    @Test
    void depsSyncMirrorsPinsIncrementallyAndVerifiesDigests() throws Exception {
        Path upstreamRoot = tmp.resolve("upstream");
        new DepsIndexPublisher().publish(samples.deps(), new LocalFolderTarget(upstreamRoot));
        S3Settings bucket = server.bucket("mirror");
        Path reqs = tmp.resolve("requirements.txt");
        String setuptools = depsVersion("setuptools-");
        Files.writeString(reqs, "# build backends\nsetuptools==" + setuptools + "\nwheel==" + depsVersion("wheel-")
                + "  # TheRock's install flow upgrades it\nSample_Runtime.Dep==1.0.0\n");
        try (StaticIndexServer upstream = StaticIndexServer.start(upstreamRoot)) {
            String from = upstream.url(RunLayout.DEPS_SIMPLE);
            CliRun first = sync(reqs, from, "mirror");
            assertEquals(0, first.exitCode(), first::describe);
            assertTrue(first.out().contains("mirrored 3 files, 0 already in the deps index"), first::describe);
            assertTrue(fileDownloads(upstream).size() == 3, upstream.requests()::toString);

            upstream.clearRequests();
            CliRun second = sync(reqs, from, "mirror");
            assertEquals(0, second.exitCode(), second::describe);
            assertTrue(second.out().contains("mirrored 0 files, 3 already in the deps index"), second::describe);
            assertEquals(List.of(), fileDownloads(upstream), "nothing downloaded the second time");

            Path rocm = tmp.resolve("rocm-requirements.txt");
            Files.writeString(rocm, "setuptools==" + setuptools + "\nrocm-sdk-core==" + V + "\n");
            CliRun refused = sync(rocm, from, "mirror");
            assertEquals(4, refused.exitCode(), refused::describe);
            assertTrue(refused.err().contains("rocm-requirements.txt line 2: 'rocm-sdk-core' is a rocm package; "
                    + "the deps index must never hold one"), refused::describe);

            Path ranged = tmp.resolve("ranged.txt");
            Files.writeString(ranged, "wheel>=0.38\n");
            CliRun unpinned = sync(ranged, from, "mirror");
            assertEquals(4, unpinned.exitCode(), unpinned::describe);
            assertTrue(unpinned.err().contains("ranged.txt line 1: only pinned 'name==version' requirements"), unpinned::describe);
        }

        // An upstream page whose #sha256= does not match the bytes it serves.
        Path page = upstreamRoot.resolve(RunLayout.DEPS_SIMPLE + "sample-runtime-dep/index.html");
        String html = Files.readString(page);
        Files.writeString(page, html.replaceFirst("#sha256=[0-9a-f]{64}", "#sha256=" + "0".repeat(64)));
        try (StaticIndexServer upstream = StaticIndexServer.start(upstreamRoot)) {
            server.bucket("mirror2");
            Path one = tmp.resolve("one.txt");
            Files.writeString(one, "sample-runtime-dep==1.0.0\n");
            CliRun tampered = sync(one, upstream.url(RunLayout.DEPS_SIMPLE), "mirror2");
            assertEquals(4, tampered.exitCode(), tampered::describe);
            assertTrue(tampered.err().contains("sample_runtime_dep-1.0.0-py3-none-any.whl: downloaded bytes have sha256 "),
                    tampered::describe);
            try (S3Target mirror2 = server.target(server.bucket("mirror2"))) {
                assertEquals(List.of(), mirror2.list(""), "a refused sync writes nothing");
            }
        }
    }

    private static List<String> fileDownloads(StaticIndexServer upstream) {
        return upstream.requests().stream().filter(r -> r.endsWith(".whl") || r.endsWith(".tar.gz")).toList();
    }

    private static CliRun sync(Path reqs, String from, String bucket) {
        return CliRun.of(new DepsCommand(), "sync", "--requirements", reqs.toString(), "--from-index", from,
                "--bucket", bucket, "--anonymous", "--endpoint-url", server.endpoint().toString(), "--path-style",
                "--work-dir", tmp.resolve("work").toString());
    }

    @Test
    void outputDirTreeInstallsWithFileUrls() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of(new PublishCommand(), "--packages-dir", samples.root().toString(), "--run-id", "3001",
                "--artifact-group", "gfx94X-dcgpu", "--platform", "linux", "--output-dir", out.toString());
        assertEquals(0, run.exitCode(), run::describe);
        CliRun deps = CliRun.of(new DepsCommand(), "publish", "--packages-dir", samples.deps().toString(),
                "--output-dir", out.toString());
        assertEquals(0, deps.exitCode(), deps::describe);
        RunLayout layout = new RunLayout("", "3001", Platform.LINUX, "gfx94X-dcgpu");
        RunManifest m = RunManifest.parse(Files.readAllBytes(out.resolve(layout.manifestKey())));
        assertTrue(m.runIndexUrl().startsWith("file:///"), m.runIndexUrl());

        PythonVenv venv = PythonVenv.create(tmp.resolve("venv-file"));
        PythonVenv.PipInstall pip = venv.installTwoIndex("rocm[libraries,devel]==" + V, m.depsIndexUrl(), m.runIndexUrl(),
                Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu"));
        assertTrue(pip.succeeded(), pip.process()::describe);
        String distUrl = out.toUri().toString() + layout.distFolder();
        for (String rocm : List.of("rocm", "rocm-sdk-core", "rocm-sdk-devel", "rocm-sdk-libraries-gfx94X-dcgpu")) {
            PipInstallReport.Installed p = pip.report().find(rocm).orElseThrow(() -> new AssertionError(rocm + ": " + pip.report()));
            assertTrue(p.url().startsWith(distUrl.replace("file:///", "file:/")) || p.url().startsWith(distUrl),
                    rocm + " came from " + p.url());
        }
    }
}
