package io.gfxfleet.orchestrator.dashboard;

import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation in {@code docs/api/openapi.yaml} is a route the orchestrator really serves. */
class DashboardOpenApiTest {
    static final Path SPEC = Path.of("..", "docs", "api", "openapi.yaml");
    static final Pattern PATH = Pattern.compile("^  (/[^:\\s]*):\\s*$");
    static final Pattern METHOD = Pattern.compile("^    (get|post|put|delete|patch):\\s*$");
    /** A path's own server (the ops routes live at the root, not under /api/v1). */
    static final Pattern PATH_SERVER = Pattern.compile("^      - url: (\\S+)\\s*$");

    record Operation(String method, String path, String server) {}

    static List<Operation> documented() throws Exception {
        List<Operation> ops = new ArrayList<>();
        String current = null;
        String server = "/api/v1";
        boolean inPaths = false;
        for (String line : Files.readAllLines(SPEC, StandardCharsets.UTF_8)) {
            if (line.startsWith("paths:")) {
                inPaths = true;
                continue;
            }
            if (inPaths && !line.isEmpty() && !line.startsWith(" ")) {
                break;
            }
            Matcher p = PATH.matcher(line);
            if (inPaths && p.matches()) {
                current = p.group(1);
                server = "/api/v1";
                continue;
            }
            Matcher srv = PATH_SERVER.matcher(line);
            if (inPaths && current != null && srv.matches()) {
                server = srv.group(1).replaceAll("/$", "");
                continue;
            }
            Matcher m = METHOD.matcher(line);
            if (inPaths && current != null && m.matches()) {
                ops.add(new Operation(m.group(1).toUpperCase(), current, server));
            }
        }
        return ops;
    }

    @Test
    void everyDocumentedOperationIsServed(@TempDir Path dir) throws Exception {
        List<Operation> ops = documented();
        assertTrue(ops.size() >= 20, "parsed only " + ops);
        HttpClient http = HttpClient.newHttpClient();
        try (Orchestrator o = Orchestrator.start(OrchestratorConfig.embedded(dir, 0))) {
            for (Operation op : ops) {
                String path = op.path().replaceAll("\\{[^}]+}", "1");
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.baseUrl() + op.server() + path));
                b = op.method().equals("GET") ? b.GET() : b.method(op.method(), HttpRequest.BodyPublishers.ofString("{}"));
                // Headers only: /events streams for as long as the client listens.
                HttpResponse<InputStream> r = http.send(b.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofInputStream());
                String head;
                try (InputStream body = r.body()) {
                    head = op.path().equals("/events") ? "" : new String(body.readNBytes(300), StandardCharsets.UTF_8);
                }
                assertFalse(head.contains("no such API route") || r.statusCode() == 404 && op.server().isEmpty(), op + " is documented but not served: " + r.statusCode() + " " + head);
            }
        }
    }
}
