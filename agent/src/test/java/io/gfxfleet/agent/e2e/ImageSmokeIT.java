package io.gfxfleet.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release's OCI images (release/build-images.sh, made by the package phase), unpacked layer
 * by layer as a runtime would, and run from their own root filesystem with chroot as the image's
 * user, entrypoint and environment: the orchestrator answers /api/v1/health and /readyz, the agent
 * tells its version. Needs root (chroot); skipped otherwise.
 */
class ImageSmokeIT {
    static final Path RELEASE = AgentDistributionIT.RELEASE;
    static final String VERSION = AgentDistributionIT.VERSION;

    @TempDir
    Path dir;

    @Test
    void orchestratorImageServesHealthFromItsOwnRoot() throws Exception {
        Image image = unpack("orchestrator");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(image.entrypoint());
        for (String a : image.cmd()) {
            args.add(a.equals("8080") ? Integer.toString(port) : a.equals("0.0.0.0") ? "127.0.0.1" : a);
        }
        Process p = image.start(args, dir.resolve("orchestrator.log"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            int status = -1;
            for (int i = 0; i < 600 && status != 200 && p.isAlive(); i++) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, Files.readString(dir.resolve("orchestrator.log")));
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the image's SQLite works (its native library loads)");
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void agentImageTellsItsVersion() throws Exception {
        Image image = unpack("agent");
        List<String> args = new ArrayList<>(image.entrypoint());
        args.add("--version");
        Process p = image.start(args, dir.resolve("agent.log"));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String out = Files.readString(dir.resolve("agent.log"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("gfxfleet"), out);
    }

    record Image(Path root, JsonNode config) {
        List<String> entrypoint() {
            return strings(config.at("/config/Entrypoint"));
        }

        List<String> cmd() {
            return strings(config.at("/config/Cmd"));
        }

        Process start(List<String> args, Path log) throws Exception {
            List<String> argv = new ArrayList<>(List.of("chroot", "--userspec=" + config.at("/config/User").asText(), root.toString()));
            argv.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            for (String e : strings(config.at("/config/Env"))) {
                pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
            return pb.start();
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    /** index.json → manifest → layers extracted in order into a root folder, as a container runtime does. */
    private Image unpack(String name) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
        Path tar = RELEASE.resolve("gfxfleet-" + name + "-image-" + VERSION + ".oci.tar");
        Path layout = Files.createDirectories(dir.resolve(name + "-layout"));
        Path root = Files.createDirectories(dir.resolve(name + "-root"));
        run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()));
        JsonNode index = Json.MAPPER.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = Json.MAPPER.readTree(blob(layout, index.at("/manifests/0/digest").asText()).toFile());
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText());
        for (JsonNode layer : manifest.path("layers")) {
            run(List.of("tar", "-xzf", blob(layout, layer.path("digest").asText()).toString(), "-C", root.toString()));
        }
        return new Image(root, Json.MAPPER.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile()));
    }

    private static Path blob(Path layout, String digest) {
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring(7));
    }

    private static void run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", argv));
    }
}
