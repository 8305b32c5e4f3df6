package io.gfxfleet.protocol.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.layout.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What TheRock tests each family with, per platform: Python versions and container image labels
 * (the catalogue's {@code test_matrix}). A catalogue without one (written before it existed) gets
 * TheRock's matrix as of 2026-08: Linux 3.10, 3.11, 3.12 in ubuntu24.04 and ubi10; Windows 3.12 native.
 */
public record TestMatrix(List<String> knownPythonVersions, List<String> knownImages, Map<Platform, PlatformTests> platforms) {
    public TestMatrix {
        knownPythonVersions = List.copyOf(knownPythonVersions);
        knownImages = List.copyOf(knownImages);
        platforms = Map.copyOf(platforms);
    }

    /** The Python versions and image labels one platform is tested with. */
    public record PlatformTests(List<String> pythonVersions, List<String> images) {
        public PlatformTests {
            pythonVersions = List.copyOf(pythonVersions);
            images = List.copyOf(images);
        }
    }

    static final TestMatrix THEROCK = new TestMatrix(List.of("3.10", "3.11", "3.12", "3.13", "3.14"),
            List.of("ubuntu24.04", "ubi10", "native"),
            Map.of(Platform.LINUX, new PlatformTests(List.of("3.10", "3.11", "3.12"), List.of("ubuntu24.04", "ubi10")),
                    Platform.WINDOWS, new PlatformTests(List.of("3.12"), List.of("native"))));

    public PlatformTests tests(Platform platform) {
        return platforms.getOrDefault(platform, new PlatformTests(List.of(), List.of()));
    }

    public boolean knowsPython(String version) {
        return knownPythonVersions.contains(version);
    }

    public boolean knowsImage(String label) {
        return knownImages.contains(label);
    }

    static TestMatrix parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return THEROCK;
        }
        Map<Platform, PlatformTests> platforms = new java.util.EnumMap<>(Platform.class);
        for (Platform p : Platform.values()) {
            JsonNode t = node.path(p.wireName());
            platforms.put(p, new PlatformTests(texts(t.path("python_versions")), texts(t.path("images"))));
        }
        return new TestMatrix(texts(node.path("python_versions_known")), texts(node.path("images_known")), platforms);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
