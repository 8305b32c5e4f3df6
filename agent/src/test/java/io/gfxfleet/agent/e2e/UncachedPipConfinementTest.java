package io.gfxfleet.agent.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gfxfleet.agent.job.RunnerSettings;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 1, with the agent's download cache off: pip must stay confined to the run's index
 * hosts all the same. A real pip in a real venv reads a real HTTP index (under the operator's
 * {@code --allow-index-prefix}) whose deps page for {@code rocm} redirects to another host and whose
 * run page links {@code rocm} absolutely on that host. That host (its access log) must never be
 * asked for anything, and the job's verdict names the refused URLs.
 */
class UncachedPipConfinementTest {
    private static final String FAMILY = "gfx94X-dcgpu";
    private static final String VERSION = "7.10.0";
    private static final String SHA = "e9a6e73b1efadbd5e5f775cc3e2f7515bd64abe3efba118b4fda1a8af767d390";

    @TempDir
    Path dir;
    HttpServer index;
    HttpServer evil;
    final List<String> evilLog = new CopyOnWriteArrayList<>();
    String indexBase;
    String evilBase;
    /** Where the hostile redirect and links lead: another host, or another path of the index's host. */
    String offBase;

    @BeforeEach
    void servers() throws IOException {
        evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", ex -> {
            evilLog.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            page(ex, "<a href=\"rocm-" + VERSION + ".tar.gz\">rocm-" + VERSION + ".tar.gz</a>\n");
        });
        evil.start();
        evilBase = "http://127.0.0.1:" + evil.getAddress().getPort();
        index = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        index.createContext("/allowed/run/simple/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/allowed/run/simple/")) {
                page(ex, "<a href=\"rocm/\">rocm</a>\n");
            } else if (path.equals("/allowed/run/simple/rocm/")) {
                page(ex, "<a href=\"" + offBase + "/evil/rocm-" + VERSION + ".tar.gz#sha256=" + SHA + "\">rocm-" + VERSION + ".tar.gz</a>\n"
                        + "<a href=\"" + offBase + "/evil/rocm-" + VERSION + ".zip\">rocm-" + VERSION + ".zip</a>\n");
            } else {
                ex.sendResponseHeaders(404, -1);
                ex.close();
            }
        });
        index.createContext("/allowed/deps/simple/", ex -> {
            ex.getResponseHeaders().set("Location", offBase + "/evil/simple" + ex.getRequestURI().getPath()
                    .substring("/allowed/deps/simple".length()));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        index.createContext("/outside/", ex -> {
            evilLog.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            page(ex, "<a href=\"rocm-" + VERSION + ".tar.gz\">rocm-" + VERSION + ".tar.gz</a>\n");
        });
        index.start();
        indexBase = "http://127.0.0.1:" + index.getAddress().getPort();
        offBase = evilBase;
    }

    @AfterEach
    void stop() {
        index.stop(0);
        evil.stop(0);
    }

    @Test
    void withTheDownloadCacheOffPipFollowsNoRedirectAndNoLinkOffTheIndexHost() throws Exception {
        assertConfined(r -> r.withDownloadCacheMaxBytes(0), "no-download-cache");
    }

    @Test
    void withoutAnyPipCachePipFollowsNoRedirectAndNoLinkOffTheIndexHost() throws Exception {
        assertConfined(r -> r.withPipCacheDir(null), "no-pip-cache");
    }

    /**
     * The lease carries the operator's prefixes: a redirect and links to another path of the index's
     * own host (outside {@code /allowed/}) are refused too, not only those to another host.
     */
    @Test
    void pipFollowsNoRedirectAndNoLinkToAnotherPathOfTheIndexHost() throws Exception {
        offBase = indexBase + "/outside";
        assertConfined(r -> r.withDownloadCacheMaxBytes(0), "same-host-other-path");
    }

    /** The relay is no obstacle to a good run: with the cache off, a real sample run installs through it and passes. */
    @Test
    void withTheDownloadCacheOffAGoodRunPassesThroughTheRelayAndNothingIsKept() throws Exception {
        Path data = dir.resolve("good");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            RunView run = AgentHarness.submitSample(orchestrator, data, io.gfxfleet.orchestrator.samples.SamplePackages.builder()
                    .version("7.10.0a20261130").families(FAMILY).build(), "1502", FAMILY, dir.resolve("samples"));
            Path work = data.resolve("agent");
            Optional<JobState> verdict = AgentHarness.runOnce(AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work,
                    r -> r.withDownloadCacheMaxBytes(0)));
            JobView job = new ApiClient(URI.create(orchestrator.baseUrl()), null).run(run.id()).jobs().get(0);
            assertEquals(Optional.of(JobState.PASSED), verdict, job.reason());
            String report = java.nio.file.Files.readString(work.resolve("jobs").resolve(job.id() + "-1").resolve("logs")
                    .resolve("libraries-pip-report.json"));
            assertTrue(report.contains("/files/run/"), "pip read the run's files through the relay");
            assertTrue(report.contains("/files/deps/"), "and the deps' files");
            assertTrue(!java.nio.file.Files.exists(work.resolve("pip-cache").resolve(io.gfxfleet.agent.job.JobRunner.DOWNLOAD_CACHE)
                    .resolve("sha256")), "the download cache keeps nothing when it is off");
        }
    }

    private void assertConfined(UnaryOperator<RunnerSettings> settings, String name) throws Exception {
        Path data = dir.resolve(name);
        OrchestratorConfig config = new OrchestratorConfig("127.0.0.1", 0, "jdbc:sqlite:" + data.resolve("gfxfleet.db"),
                data.resolve("packages"), LeasePolicy.DEFAULT, new IndexAllowlist(List.of(indexBase + "/allowed/")));
        try (Orchestrator orchestrator = Orchestrator.start(config)) {
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            RunView run = api.submit(new RunSubmission("1501", "linux", null, VERSION, indexBase + "/allowed/deps/simple/",
                    indexBase + "/allowed/run/simple/", null, List.of(FAMILY), "presubmit", null, null, AgentHarness.localPython(), null));
            Optional<JobState> verdict = AgentHarness.runOnce(AgentHarness.agent(orchestrator.baseUrl(), FAMILY,
                    data.resolve("agent"), settings));
            JobView job = api.run(run.id()).jobs().get(0);

            assertEquals(List.of(), evilLog, "the host off the index was asked");
            assertEquals(Optional.of(JobState.FAILED), verdict, job.reason());
            String reason = job.reason();
            assertTrue(reason.contains("the index policy refused"), reason);
            assertTrue(reason.contains(offBase + "/evil/simple/rocm/ (redirect not followed"), reason);
            assertTrue(reason.contains(offBase + "/evil/rocm-" + VERSION + ".tar.gz (link dropped"), reason);
        }
    }

    private static void page(HttpExchange ex, String links) throws IOException {
        byte[] body = ("<!DOCTYPE html><html><body>\n" + links + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }
}
