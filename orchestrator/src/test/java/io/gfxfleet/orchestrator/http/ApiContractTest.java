package io.gfxfleet.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.testkit.LintTools;
import io.gfxfleet.protocol.ApiVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api/openapi.yaml is the API's contract: a standard validator (swagger-parser, run by
 * {@code .ci/lint/validate-openapi.mjs}) accepts it, its paths are exactly the routes the
 * orchestrator registers (under /api/v1, and the operations routes at the root; both directions),
 * and the server serves it.
 */
class ApiContractTest {

    @Test
    void theDocumentIsValidCompleteAndServed(@TempDir Path dir) throws Exception {
        Path lintDir = LintTools.installed();
        Path spec = LintTools.repoRoot().resolve("docs/api/openapi.yaml");
        LintTools.Outcome check = LintTools.run(lintDir, List.of("node", "validate-openapi.mjs", spec.toString(), "--paths"));
        assertEquals(0, check.exitCode(), check.output());
        Set<String> documented = check.output().lines().filter(l -> l.startsWith("path ")).map(l -> l.substring(5))
                .collect(Collectors.toCollection(TreeSet::new));

        try (Orchestrator o = Orchestrator.start(OrchestratorConfig.embedded(dir.resolve("data"), 0))) {
            // every exact route but the dashboard's pages and the package files (static, not the API)
            Set<String> served = o.routePaths().stream()
                    .filter(p -> !p.equals("/") && !p.startsWith("/ui/") && !p.startsWith("/packages/"))
                    .map(p -> p.replaceAll(":([A-Za-z_]+)", "{$1}"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertTrue(served.contains(ApiVersion.PREFIX + "/leases/{lease}/release"), served.toString());

            Set<String> undocumented = new TreeSet<>(served);
            undocumented.removeAll(documented);
            Set<String> unserved = new TreeSet<>(documented);
            unserved.removeAll(served);
            assertEquals(Set.of(), undocumented, "routes missing from docs/api/openapi.yaml");
            assertEquals(Set.of(), unserved, "documented paths no route serves");

            HttpResponse<byte[]> doc = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(o.baseUrl() + ApiVersion.PREFIX + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, doc.statusCode());
            // The JDK client asks to upgrade clear text to HTTP/2 by default; the server answers in
            // HTTP/1.1 (h2c off: upgraded connections stalled until the idle timeout now and then).
            assertEquals(HttpClient.Version.HTTP_1_1, doc.version(), "h2c upgrade refused");
            assertTrue(doc.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
            assertArrayEquals(Files.readAllBytes(spec), doc.body(), "the served document is docs/api/openapi.yaml");
        }
    }
}
