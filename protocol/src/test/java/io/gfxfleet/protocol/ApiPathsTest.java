package io.gfxfleet.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route names are docs/api/openapi.yaml's paths, both ways (ApiContractTest holds the server's
 * router to the same document, so router, clients and contract agree).
 */
class ApiPathsTest {
    private static final Pattern PATH = Pattern.compile("^  (/[^:\\s]*):\\s*$");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathNamed() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "api", "openapi.yaml"), StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = PATH.matcher(lines.get(i));
            if (m.matches()) {
                // the operations' paths override the servers (url: /api/v1) with the root
                boolean atRoot = i + 2 < lines.size() && lines.get(i + 1).trim().equals("servers:")
                        && lines.get(i + 2).trim().equals("- url: /");
                documented.add((atRoot ? "" : ApiVersion.PREFIX) + m.group(1));
            }
        }
        assertTrue(documented.size() > 20, "read the document's paths: " + documented);
        Set<String> named = ApiPaths.ALL.stream().map(ApiPaths::openApiForm).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ApiPaths.ALL.size(), named.size(), "no route named twice");
        assertEquals(documented, named);
    }

    @Test
    void fillEncodesEachValueAsOneSegment() {
        assertEquals("/api/v1/jobs/j-1/logs/2/junit.xml", ApiPaths.fill(ApiPaths.JOB_LOG, "j-1", 2, "junit.xml"));
        assertEquals("/api/v1/runs/a%2Fb%3Fc/cancel", ApiPaths.fill(ApiPaths.RUN_CANCEL, "a/b?c"));
        assertThrows(IllegalArgumentException.class, () -> ApiPaths.fill(ApiPaths.RUN, ".."));
        assertThrows(IllegalArgumentException.class, () -> ApiPaths.fill(ApiPaths.RUN, ""));
        assertThrows(IllegalArgumentException.class, () -> ApiPaths.fill(ApiPaths.JOB_LOG, "j", 1));
        assertThrows(IllegalArgumentException.class, () -> ApiPaths.fill(ApiPaths.RUNS, "x"));
    }

    @Test
    void matchesTakesOneSegmentPerParameter() {
        assertTrue(ApiPaths.matches(ApiPaths.LEASE_LOG, "/api/v1/leases/abc/logs/x.log"));
        assertFalse(ApiPaths.matches(ApiPaths.LEASE_LOG, "/api/v1/leases/abc/logs/x/y.log"));
        assertFalse(ApiPaths.matches(ApiPaths.LEASE_RESULTS, "/api/v1/leases//results"));
        assertTrue(ApiPaths.matches(ApiPaths.LEASE_RESULTS, "/api/v1/leases/l-1/results"));
        assertEquals("/api/v1/runs/{id}/cancel", ApiPaths.openApiForm(ApiPaths.RUN_CANCEL));
    }
}
