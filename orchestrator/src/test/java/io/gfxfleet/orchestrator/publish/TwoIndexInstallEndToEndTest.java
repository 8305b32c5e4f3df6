package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.orchestrator.samples.SampleOutcome;
import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleTest;
import io.gfxfleet.orchestrator.testkit.PipInstallReport;
import io.gfxfleet.orchestrator.testkit.ProcessResult;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
import io.gfxfleet.orchestrator.testkit.StaticIndexServer;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sample packages → run index + deps index in a folder → real HTTP → real pip in a fresh venv
 * with the two-index pattern → real {@code rocm-sdk test}.
 */
class TwoIndexInstallEndToEndTest {
    private static final String VERSION = "7.10.0a20261125";
    private static final String FAILING = SampleTest.CORE_CONSOLE_SCRIPTS.unittestId();

    @TempDir
    static Path tmp;
    private static StaticIndexServer server;
    private static RunLayout layout;
    private static Path indexRoot;

    @BeforeAll
    static void publishAndServe() throws Exception {
        SampleOutput samples = SamplePackages.builder()
                .version(VERSION)
                .families("gfx94X-dcgpu", "gfx110X-all")
                .outcome("gfx110X-all", SampleTest.CORE_CONSOLE_SCRIPTS, SampleOutcome.fail("hipcc --version exited 1"))
                .writeTo(tmp.resolve("samples"));
        indexRoot = tmp.resolve("bucket");
        LocalFolderTarget target = new LocalFolderTarget(indexRoot);
        layout = new RunLayout("", "19650001", Platform.LINUX, "multiarch");
        RunIndexResult run = new RunIndexPublisher().publish(samples.dist(), layout, target);
        assertEquals(List.of("gfx110X-all", "gfx94X-dcgpu"), List.copyOf(run.families()));
        new DepsIndexPublisher().publish(samples.deps(), target);
        server = StaticIndexServer.start(indexRoot);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesFolderPagesAsTheirIndexHtml() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String key : List.of(layout.simpleFolder(), layout.simpleFolder() + "rocm-sdk-core/", RunLayout.DEPS_SIMPLE)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url(key))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), key);
            assertEquals(Files.readString(indexRoot.resolve(key + "index.html")), r.body(), key);
        }
    }

    @Test
    void passingFamilyInstallsFromBothIndexesAndTestsGreen() throws Exception {
        Installed i = install("gfx94X-dcgpu");
        ProcessResult test = i.venv.run("rocm-sdk", List.of("test"), Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu"));
        assertEquals(0, test.exitCode(), test::describe);
        assertTrue(test.output().contains("\nRan 27 tests in "), test::describe);
        assertTrue(test.output().strip().endsWith("OK"), test::describe);
    }

    @Test
    void failingTestOfOneFamilyFailsThatFamilyOnly() throws Exception {
        Installed i = install("gfx110X-all");
        ProcessResult test = i.venv.run("rocm-sdk", List.of("test"), Map.of("ROCM_SDK_TARGET_FAMILY", "gfx110X-all"));
        assertEquals(1, test.exitCode(), test::describe);
        assertTrue(test.output().contains("FAIL: testConsoleScripts (" + FAILING + ")"), test::describe);
        assertTrue(test.output().contains("AssertionError: hipcc --version exited 1"), test::describe);
        assertTrue(test.output().contains("FAILED (failures=1)"), test::describe);
    }

    private record Installed(PythonVenv venv, PipInstallReport report) {}

    private Installed install(String family) throws Exception {
        PythonVenv venv = PythonVenv.create(tmp.resolve("venv-" + family));
        server.clearRequests();
        String deps = server.url(RunLayout.DEPS_SIMPLE);
        String run = server.url(layout.simpleFolder());
        PythonVenv.PipInstall pip = venv.installTwoIndex("rocm[libraries,devel]==" + VERSION, deps, run,
                Map.of("ROCM_SDK_TARGET_FAMILY", family));
        assertTrue(pip.succeeded(), pip.process()::describe);

        String runDist = server.url(layout.distFolder());
        for (String rocm : List.of("rocm", "rocm-sdk-core", "rocm-sdk-devel", "rocm-sdk-libraries-" + family)) {
            PipInstallReport.Installed p = pip.report().find(rocm)
                    .orElseThrow(() -> new AssertionError(rocm + " not installed: " + pip.report()));
            assertEquals(VERSION, p.version(), rocm);
            assertTrue(p.url().startsWith(runDist), rocm + " came from " + p.url());
        }
        PipInstallReport.Installed dep = pip.report().find(SamplePackages.RUNTIME_DEP).orElseThrow();
        assertTrue(dep.url().startsWith(deps + "sample-runtime-dep/"), "sample dep came from " + dep.url());
        assertEquals(5, pip.report().installed().size(), () -> "only one family's libraries: " + pip.report());

        // setuptools goes into pip's isolated build env, which the report does not list: the server
        // saw it fetched from the deps index. The sdist needs setuptools>=70.2, which builds wheels
        // itself, so `wheel` is not fetched.
        List<String> fetched = server.requests();
        assertTrue(fetched.stream().anyMatch(r -> r.startsWith("GET /" + RunLayout.DEPS_SIMPLE + "setuptools/setuptools-")
                && r.endsWith(".whl")), () -> "setuptools not fetched from the deps index: " + fetched);
        // pip asks both indexes for every project's page; what matters is which files it downloaded.
        List<String> depsFiles = fetched.stream().filter(r -> r.startsWith("GET /" + RunLayout.DEPS_SIMPLE))
                .filter(r -> r.endsWith(".whl") || r.endsWith(".tar.gz"))
                .map(r -> r.substring(r.lastIndexOf('/') + 1).split("-")[0]).sorted().toList();
        assertEquals(List.of("sample_runtime_dep", "setuptools"), depsFiles, fetched::toString);
        List<String> runFiles = fetched.stream().filter(r -> r.startsWith("GET /" + layout.distFolder()))
                .filter(r -> r.endsWith(".whl") || r.endsWith(".tar.gz"))
                .map(r -> r.substring(r.lastIndexOf('/') + 1).split("-")[0]).sorted().toList();
        assertEquals(List.of("rocm", "rocm_sdk_core", "rocm_sdk_devel", "rocm_sdk_libraries_" + family.replace('-', '_')),
                runFiles, fetched::toString);
        return new Installed(venv, pip.report());
    }
}
