package io.gfxfleet.orchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 leaves an orchestrator no chance to clean up: its temporary files (Vert.x's file
 * cache, SQLite's native library copy) must therefore live under its data folder, where the next
 * start removes them, and never in the system temp folder. Three starts, two of them killed.
 */
class KilledOrchestratorTempFilesTest {
    private static final Pattern LISTENING = Pattern.compile("gfxfleet orchestrator on (http://\\S+)/ ");

    @Test
    void repeatedKillsLeaveNothingBehind(@TempDir Path dir) throws Exception {
        Path systemTemp = Files.createDirectories(dir.resolve("system-tmp"));
        Path data = dir.resolve("data");
        for (int round = 0; round < 2; round++) {
            Process p = start(systemTemp, data);
            p.destroyForcibly().waitFor(); // SIGKILL
        }
        Process live = start(systemTemp, data);
        try {
            try (Stream<Path> left = Files.walk(systemTemp)) {
                assertEquals(List.of(systemTemp), left.toList(), "files left in the system temp folder");
            }
            try (Stream<Path> areas = Files.list(data.resolve("tmp"))) {
                assertEquals(List.of(data.resolve("tmp").resolve(Long.toString(live.pid()))), areas.toList(),
                        "only the live process's temp area remains; the killed ones' are gone");
            }
        } finally {
            live.destroyForcibly().waitFor();
        }
    }

    /** Starts {@code orchestrator serve} and returns once it served a dashboard file (Vert.x's file cache in use). */
    private static Process start(Path systemTemp, Path data) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Djava.io.tmpdir=" + systemTemp, "-cp", System.getProperty("java.class.path"),
                OrchestratorCli.class.getName(), "orchestrator", "serve", "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                HttpResponse<String> page = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(m.group(1) + "/ui/index.html")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode());
                // keep draining its output so that it never blocks on a full pipe
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain-" + p.pid());
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("the orchestrator did not start:\n" + seen);
    }
}
