package io.gfxfleet.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code orchestrator serve} configured with no option on its command line: the database URL from
 * {@code GFXFLEET_DB_URL}, its password from a file ({@code GFXFLEET_DB_PASSWORD_FILE}), the rest
 * from the {@code GFXFLEET_CONFIG} properties file, JSON log lines from {@code GFXFLEET_LOG_FORMAT}.
 */
class ServeConfigTest {
    static final String PG = System.getProperty("gfxfleet.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final Pattern LISTENING = Pattern.compile("gfxfleet orchestrator on (http://\\S+)/ ");

    @Test
    void everythingFromTheEnvironmentAndFiles(@TempDir Path dir) throws Exception {
        String schema = "serveconfig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String secret = "not-on-the-command-line-" + UUID.randomUUID();
        Path password = Files.writeString(dir.resolve("db-password"), secret + "\n");
        Path config = Files.writeString(dir.resolve("orchestrator.properties"),
                "host=127.0.0.1\nport=0\ndata-dir=" + dir.resolve("data").toString().replace("\\", "/") + "\nlease-ttl=45\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrchestratorCli.class.getName(), "orchestrator", "serve");
        pb.environment().keySet().removeIf(k -> k.startsWith("GFXFLEET_"));
        pb.environment().put("GFXFLEET_CONFIG", config.toString());
        pb.environment().put("GFXFLEET_DB_URL", PG + "&currentSchema=" + schema);
        pb.environment().put("GFXFLEET_DB_PASSWORD_FILE", password.toString());
        pb.environment().put("GFXFLEET_LOG_FORMAT", "json");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String base = null;
            for (String line; base == null && (line = out.readLine()) != null; ) {
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertNotNull(base, "serve never said where it listens:\n" + String.join("\n", lines));

            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            String cmdline = String.join(" ", p.info().arguments().orElse(new String[0]));
            assertFalse(cmdline.contains(secret), "the password is on the command line: " + cmdline);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        // Every log line (stdout's banner aside) is one JSON object, and none shows the password.
        JsonNode listening = null;
        for (String line : lines) {
            assertFalse(line.contains(secret), line);
            if (line.startsWith("{")) {
                JsonNode entry = Json.MAPPER.readTree(line);
                assertTrue(entry.has("timestamp") && entry.has("level"), line);
                if (entry.path("formattedMessage").asText().startsWith("orchestrator listening")) {
                    listening = entry;
                }
            } else {
                assertTrue(LISTENING.matcher(line).find(), "not a JSON log line: " + line);
            }
        }
        assertNotNull(listening, "no JSON line for the listening message:\n" + String.join("\n", lines));
        try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
