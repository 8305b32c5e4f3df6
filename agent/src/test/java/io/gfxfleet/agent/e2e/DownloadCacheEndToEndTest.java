package io.gfxfleet.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gfxfleet.agent.job.JobRunner;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.orchestrator.samples.SampleRun;
import io.gfxfleet.orchestrator.samples.SampleSpec;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's download cache with real pip in real venvs, the orchestrator serving the indexes:
 * a cold job fills it through the agent's proxy; a warm job installs the cached wheels in place
 * (file URLs in pip's report) and still passes the provenance check; a cached wheel whose bytes
 * changed is fetched again instead of installed; and a rocm package a deps index offers is still
 * caught, named by its upstream URL rather than the proxy's.
 */
class DownloadCacheEndToEndTest {
    private static final String FAMILY = "gfx94X-dcgpu";
    private static final String VERSION = "7.10.0a20261127";

    @TempDir
    Path dir;

    @Test
    void coldFillsWarmInstallsInPlaceCorruptionIsRefetchedProvenanceHolds() throws Exception {
        Path data = dir.resolve("orchestrator");
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(data, 0))) {
            SampleSpec spec = SamplePackages.builder().version(VERSION).families(FAMILY).build();
            Path packages = data.resolve("packages");
            SampleRun sample = SampleRun.publish(spec, "901", FAMILY, dir.resolve("samples"), packages);
            String base = orchestrator.baseUrl() + "/packages/";
            RunSubmission first = sample.submission(base, "presubmit");
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            Path work = dir.resolve("agent");
            Path cache = work.resolve("pip-cache").resolve(JobRunner.DOWNLOAD_CACHE).resolve("sha256");

            // Cold: every file comes through the proxy and lands in the cache, verified.
            JobView cold = runJob(orchestrator, api, first, work);
            assertEquals(JobState.PASSED, cold.state(), cold.reason());
            Path cachedCore = onlyFile(cache, "rocm_sdk_core-");
            assertEquals(cachedCore.getParent().getFileName().toString(), sha256(cachedCore), "stored under its own hash");
            String coldUrl = installedFrom(work, cold, "rocm-sdk-core");
            assertTrue(coldUrl.startsWith("http://127.0.0.1:") && coldUrl.contains("/files/run/"), coldUrl);

            // Warm: another run over the same index; pip installs the cached wheel where it lies.
            JobView warm = runJob(orchestrator, api, AgentHarness.republished(first, "902", packages), work);
            assertEquals(JobState.PASSED, warm.state(), warm.reason());
            assertEquals(cachedCore.toUri().toString(), installedFrom(work, warm, "rocm-sdk-core"));
            assertNoFailedChecks(orchestrator, warm);

            // A cached wheel whose bytes changed is not handed to pip: fetched again, and the cache repaired.
            String sha = cachedCore.getParent().getFileName().toString();
            cachedCore.toFile().setWritable(true);
            try (RandomAccessFile f = new RandomAccessFile(cachedCore.toFile(), "rw")) {
                f.seek(f.length() / 2);
                f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
            assertNotEquals(sha, sha256(cachedCore));
            JobView repaired = runJob(orchestrator, api, AgentHarness.republished(first, "903", packages), work);
            assertEquals(JobState.PASSED, repaired.state(), repaired.reason());
            String refetched = installedFrom(work, repaired, "rocm-sdk-core");
            assertTrue(refetched.startsWith("http://127.0.0.1:") && refetched.contains("/files/run/" + sha + "/"), refetched);
            assertEquals(sha, sha256(onlyFile(cache, "rocm_sdk_core-7")), "the cache holds the right bytes again");

            // Provenance through the proxy: a deps index offering rocm-sdk-core (a higher build) is caught,
            // and the report names the upstream index, not the proxy.
            Path core = list(dir.resolve("samples").resolve("dist")).stream()
                    .filter(p -> p.getFileName().toString().startsWith("rocm_sdk_core-")).findFirst().orElseThrow();
            Map<String, Path> rogue = RogueIndex.depsOf(list(dir.resolve("samples").resolve("deps")));
            rogue.put(core.getFileName().toString().replace("-py3-", "-1-py3-"), core);
            RogueIndex.write(packages.resolve("rogue/simple"), rogue);
            RunSubmission s = AgentHarness.republished(first, "904", packages);
            JobView caught = runJob(orchestrator, api, new RunSubmission(s.runId(), s.platform(), s.artifactGroup(), s.version(),
                    base + "rogue/simple/", s.runIndexUrl(), s.findLinksUrl(), s.families(), s.priority(), null, null,
                    s.pythonVersions(), null), work);
            assertEquals(JobState.FAILED, caught.state(), caught.reason());
            TestResult provenance = orchestrator.store().results(caught.id()).stream()
                    .filter(r -> r.testId().equals("gfxfleet.libraries.provenance")).findFirst().orElseThrow();
            assertEquals(TestStatus.FAILED, provenance.status());
            assertTrue(provenance.message().contains("rocm-sdk-core") && provenance.message().contains(base + "rogue/simple/")
                    && !provenance.message().contains("/files/"), provenance.message());
        }
    }

    private static JobView runJob(Orchestrator orchestrator, ApiClient api, RunSubmission submission, Path work) throws Exception {
        RunView run = api.submit(submission);
        Optional<JobState> verdict = AgentHarness.runOnce(AgentHarness.agent(orchestrator.baseUrl(), FAMILY, work));
        assertTrue(verdict.isPresent());
        return api.run(run.id()).jobs().get(0);
    }


    /** The download URL pip's report gives for {@code project} in the libraries step. */
    private static String installedFrom(Path work, JobView job, String project) throws Exception {
        Path report = work.resolve("jobs").resolve(job.id() + "-1").resolve("logs").resolve("libraries-pip-report.json");
        for (JsonNode item : new ObjectMapper().readTree(report.toFile()).get("install")) {
            if (item.path("metadata").path("name").asText().equals(project)) {
                return item.path("download_info").path("url").asText();
            }
        }
        throw new AssertionError(project + " not in " + report);
    }

    private static void assertNoFailedChecks(Orchestrator orchestrator, JobView job) {
        List<TestResult> failed = orchestrator.store().results(job.id()).stream()
                .filter(r -> JobRunner.PLAN_COMPONENT.equals(r.component()) && r.status() != TestStatus.PASSED).toList();
        assertTrue(failed.isEmpty(), failed.toString());
    }

    private static Path onlyFile(Path cache, String prefix) throws Exception {
        try (Stream<Path> s = Files.walk(cache)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".whl")).toList();
            assertEquals(1, found.size(), found.toString());
            assertFalse(Files.isSymbolicLink(found.get(0)));
            return found.get(0);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
