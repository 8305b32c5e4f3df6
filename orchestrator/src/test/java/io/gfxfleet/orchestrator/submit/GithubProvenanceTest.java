package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.protocol.messages.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code submit} reads from a GitHub Actions job's environment (a map here; the real one is never touched). */
class GithubProvenanceTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    /** The variables of a TheRock pull-request build as GitHub sets them (here: seen by the reusable workflow it calls). */
    static Map<String, String> pullRequestBuild() {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_REPOSITORY", "ROCm/TheRock");
        env.put("GITHUB_SHA", SHA);
        env.put("GITHUB_REF", "refs/pull/2417/merge");
        env.put("GITHUB_EVENT_NAME", "pull_request");
        env.put("GITHUB_RUN_ID", "19876543210");
        env.put("GITHUB_RUN_ATTEMPT", "2");
        return env;
    }

    @Test
    void aPullRequestBuildGivesEveryPart() {
        GithubProvenance.Reading r = GithubProvenance.read(pullRequestBuild());
        assertEquals(new Provenance("ROCm/TheRock", SHA, 2417, "https://github.com/ROCm/TheRock/actions/runs/19876543210/attempts/2", null),
                r.provenance());
        assertEquals(List.of(), r.notes());
        assertTrue(r.provenance().problem().isEmpty(), "what submit reads passes the orchestrator's checks");
    }

    @Test
    void aPushBuildHasNoPullRequestAndAFirstAttemptWithoutTheAttemptVariableLinksTheRun() {
        Map<String, String> env = pullRequestBuild();
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_EVENT_NAME", "push");
        env.remove("GITHUB_RUN_ATTEMPT");
        Provenance p = GithubProvenance.read(env).provenance();
        assertNull(p.pullRequest());
        assertEquals("https://github.com/ROCm/TheRock/actions/runs/19876543210", p.workflowRunUrl());
    }

    @Test
    void outsideGithubActionsNothingIsRead() {
        Map<String, String> env = pullRequestBuild();
        env.remove("GITHUB_ACTIONS");
        assertNull(GithubProvenance.read(env).provenance());
        env.put("GITHUB_ACTIONS", "false");
        assertNull(GithubProvenance.read(env).provenance());
        assertNull(GithubProvenance.read(Map.of()).provenance());
    }

    @Test
    void anEnterpriseServerIsKeptAndBuildsTheRunUrl() {
        Map<String, String> env = pullRequestBuild();
        env.put("GITHUB_SERVER_URL", "https://ghes.example.com/");
        Provenance p = GithubProvenance.read(env).provenance();
        assertEquals("https://ghes.example.com", p.serverUrl());
        assertEquals("https://ghes.example.com/ROCm/TheRock/actions/runs/19876543210/attempts/2", p.workflowRunUrl());
    }

    @Test
    void aVariableThatFailsTheChecksIsLeftOutWithANoteNotSent() {
        Map<String, String> env = pullRequestBuild();
        env.put("GITHUB_SHA", "not-a-sha");
        env.put("GITHUB_REPOSITORY", "ROCm/<script>");
        env.put("GITHUB_RUN_ID", "12; rm -rf /");
        env.put("GITHUB_REF", "refs/pull/99999999999/merge");
        GithubProvenance.Reading r = GithubProvenance.read(env);
        assertNull(r.provenance(), "every part was left out (no run URL without a repository and run id)");
        assertEquals(4, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("<script>") || n.contains("rm -rf")), "values are not echoed: " + r.notes());

        Map<String, String> badServer = pullRequestBuild();
        badServer.put("GITHUB_SERVER_URL", "javascript:alert(1)");
        Provenance p = GithubProvenance.read(badServer).provenance();
        assertNull(p.serverUrl());
        assertNull(p.workflowRunUrl());
        assertEquals("ROCm/TheRock", p.repository());
    }

    @Test
    void aPullRequestTargetEventGivesItsNumberFromTheEventPayload(@TempDir Path dir) throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"action\":\"synchronize\",\"number\":77,\"pull_request\":{\"number\":77,\"head\":{\"sha\":\"" + SHA + "\"}}}");
        Map<String, String> env = pullRequestBuild();
        env.put("GITHUB_EVENT_NAME", "pull_request_target");
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_EVENT_PATH", event.toString());
        assertEquals(77, GithubProvenance.read(env).provenance().pullRequest());

        env.put("GITHUB_EVENT_NAME", "push");
        assertNull(GithubProvenance.read(env).provenance().pullRequest(), "a push event's payload is not read for a pull request");
    }

    @Test
    void anOversizedOrBrokenEventPayloadIsNotReadAndCostsOnlyThePullRequest(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(GithubProvenance.MAX_EVENT_BYTES + 1); // sparse: no real 4 MiB written
        }
        Map<String, String> env = pullRequestBuild();
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_EVENT_PATH", huge.toString());
        GithubProvenance.Reading r = GithubProvenance.read(env);
        assertNull(r.provenance().pullRequest());
        assertEquals("ROCm/TheRock", r.provenance().repository());
        assertEquals(1, r.notes().size(), r.notes().toString());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"pull_request\": {\"number\": ");
        env.put("GITHUB_EVENT_PATH", broken.toString());
        r = GithubProvenance.read(env);
        assertNull(r.provenance().pullRequest());
        assertEquals(1, r.notes().size(), r.notes().toString());

        Path noNumber = dir.resolve("none.json");
        Files.writeString(noNumber, "{\"pull_request\": {\"number\": \"77\"}}");
        env.put("GITHUB_EVENT_PATH", noNumber.toString());
        assertNull(GithubProvenance.read(env).provenance().pullRequest(), "a number must be a JSON number");

        env.put("GITHUB_EVENT_PATH", dir.toString());
        assertNull(GithubProvenance.read(env).provenance().pullRequest(), "a folder is not read");
    }
}
