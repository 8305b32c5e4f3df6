package io.gfxfleet.orchestrator.dashboard;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.protocol.ApiPaths;
import io.gfxfleet.protocol.ApiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's routes have one home, protocol's ApiPaths: the pages name routes only as
 * {@code API_PATHS.NAME} (each an ApiPaths route) from the {@code api-paths.js} the orchestrator
 * writes, and spell none themselves.
 */
class DashboardApiPathsTest {
    static final Path PAGES = Path.of("src", "main", "resources", "dashboard");
    static final Pattern NAMED_ROUTE = Pattern.compile("\\bAPI_PATHS\\.([A-Z_]+)");
    /** A string or template literal that begins like a path of the API (its prefix, or one of its first segments). */
    static final Pattern SPELLED_ROUTE;

    static {
        TreeSet<String> firsts = new TreeSet<>();
        for (String route : ApiPaths.ALL) {
            String rest = route.startsWith(ApiVersion.PREFIX) ? route.substring(ApiVersion.PREFIX.length()) : route;
            firsts.add(Pattern.quote(rest.split("/")[1]));
        }
        SPELLED_ROUTE = Pattern.compile("['\"`](" + Pattern.quote(ApiVersion.PREFIX) + "|/(" + String.join("|", firsts) + ")\\b)");
    }

    @Test
    void everyRouteThePagesUseIsAnApiPathsRouteAndNoneIsSpelledByHand() throws Exception {
        Map<String, String> routes = DashboardApiPaths.routes();
        List<String> used = new ArrayList<>();
        List<String> spelled = new ArrayList<>();
        try (Stream<Path> files = Files.list(PAGES)) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                int n = 0;
                for (String line : Files.readAllLines(js, StandardCharsets.UTF_8)) {
                    n++;
                    if (line.strip().startsWith("//") || line.strip().startsWith("*") || line.strip().startsWith("/*")) {
                        continue;
                    }
                    Matcher named = NAMED_ROUTE.matcher(line);
                    while (named.find()) {
                        used.add(named.group(1));
                        assertTrue(routes.containsKey(named.group(1)), js.getFileName() + ":" + n + ": API_PATHS." + named.group(1)
                                + " is no ApiPaths route (" + routes.keySet() + ")");
                    }
                    if (SPELLED_ROUTE.matcher(line).find()) {
                        spelled.add(js.getFileName() + ":" + n + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), spelled, "routes spelled in the dashboard instead of taken from API_PATHS");
        assertFalse(used.isEmpty(), "the pages read the API through API_PATHS");
        for (String name : used) {
            assertTrue(ApiPaths.ALL.contains(routes.get(name)), "API_PATHS." + name + " is not in ApiPaths.ALL");
        }
    }

    @Test
    void theOrchestratorServesTheRoutesOfApiPathsToThePages(@TempDir Path dir) throws Exception {
        try (Orchestrator o = Orchestrator.start(OrchestratorConfig.embedded(dir, 0))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(o.baseUrl() + "/ui/"
                    + DashboardApiPaths.SCRIPT)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            for (String route : ApiPaths.ALL) {
                assertTrue(r.body().contains("'" + route + "'"), route + " missing from " + r.body());
            }
            assertTrue(r.body().contains("AGENT_DRAIN: '" + ApiPaths.AGENT_DRAIN + "'"));
            for (String page : List.of("index.html", "run.html", "history.html", "agents.html")) {
                String html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(o.baseUrl() + "/ui/" + page)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(html.indexOf("src=\"" + DashboardApiPaths.SCRIPT + "\"") >= 0
                        && html.indexOf("src=\"" + DashboardApiPaths.SCRIPT + "\"") < html.indexOf("src=\"common.js\""),
                        page + " loads api-paths.js before common.js");
            }
        }
    }
}
