package io.gfxfleet.agent.e2e;

import io.gfxfleet.agent.client.OrchestratorClient;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.client.ApiClient;
import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.messages.LeaseGrant;
import io.gfxfleet.protocol.messages.LeaseRequest;
import io.gfxfleet.protocol.messages.RunSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The orchestrator's {@code --default-deps-index} reaches an agent with a job whose run names no
 * deps index (a run submitted with its find-links URL only); a run's own deps index is kept.
 */
class DefaultDepsIndexTest {
    private static final String DEFAULT = "https://therock-ci-artifacts.s3.amazonaws.com/python-deps/simple/";
    private static final String OWN = "https://mirror.example/python-deps/simple/";

    @TempDir
    Path dir;

    @Test
    void aRunWithoutDepsIndexGetsTheDefaultOneWithItsOwnKeepsIt() throws Exception {
        try (Orchestrator orchestrator = Orchestrator.start(OrchestratorConfig.embedded(dir, 0).withDefaultDepsIndexUrl(DEFAULT))) {
            ApiClient api = new ApiClient(URI.create(orchestrator.baseUrl()), null);
            OrchestratorClient agent = new OrchestratorClient(URI.create(orchestrator.baseUrl()), null);

            api.submit(new RunSubmission("31", "linux", null, "7.13.0", null, null,
                    "https://therock-ci-artifacts.s3.amazonaws.com/31-linux/python/index.html", List.of("gfx94X-dcgpu"), "presubmit"));
            JobSpec findLinksOnly = lease(agent, "gfx94X-dcgpu", "gfx942");
            assertEquals(DEFAULT, findLinksOnly.depsIndexUrl());
            assertEquals(null, findLinksOnly.runIndexUrl());

            api.submit(new RunSubmission("32", "linux", null, "7.13.0", OWN, null,
                    "https://therock-ci-artifacts.s3.amazonaws.com/32-linux/python/index.html", List.of("gfx110X-all"), "presubmit"));
            assertEquals(OWN, lease(agent, "gfx110X-all", "gfx1100").depsIndexUrl());
        }
    }

    private static JobSpec lease(OrchestratorClient agent, String family, String target) throws Exception {
        LeaseGrant grant = agent.acquire(new LeaseRequest("a-" + target, List.of(target), List.of(family), List.of(), 0)).orElseThrow();
        return grant.job();
    }
}
