package io.gfxfleet.protocol.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * GPU targets, build families and runner pools, loaded from {@code gpu-families.json}
 * (a bundled copy of the shared data file, or an operator-supplied one).
 */
public final class FamilyCatalogue {
    private static final String RESOURCE = "/gpu-families.json";
    private static volatile FamilyCatalogue bundled;

    private final Map<String, GpuTarget> targets;
    private final Map<String, Family> families;
    private final TestMatrix testMatrix;

    private FamilyCatalogue(Map<String, GpuTarget> targets, Map<String, Family> families, TestMatrix testMatrix) {
        this.targets = Collections.unmodifiableMap(targets);
        this.families = Collections.unmodifiableMap(families);
        this.testMatrix = testMatrix;
    }

    public static FamilyCatalogue bundled() {
        FamilyCatalogue c = bundled;
        if (c == null) {
            try (InputStream in = FamilyCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled catalogue " + RESOURCE + " is missing from the classpath");
                }
                c = parse(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled catalogue", e);
            }
            bundled = c;
        }
        return c;
    }

    public static FamilyCatalogue load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new ObjectMapper().readTree(in));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static FamilyCatalogue parse(JsonNode root) {
        JsonNode targetNodes = root.path("targets");
        if (!targetNodes.isArray() || targetNodes.isEmpty()) {
            throw new IllegalArgumentException("catalogue has no 'targets' array");
        }
        Map<String, GpuTarget> targets = new LinkedHashMap<>();
        Map<String, List<String>> familyTargets = new TreeMap<>();
        for (JsonNode t : targetNodes) {
            String gfx = requireText(t, "gfx");
            List<String> fams = new ArrayList<>();
            t.path("families").forEach(f -> fams.add(f.asText()));
            targets.put(gfx, new GpuTarget(gfx, t.path("product").asText(""), fams));
            for (String f : fams) {
                familyTargets.computeIfAbsent(f, k -> new ArrayList<>()).add(gfx);
            }
        }
        Map<String, Family.CiPool> pools = new LinkedHashMap<>();
        for (JsonNode c : root.path("ci_families")) {
            String name = requireText(c, "family");
            List<String> runnerTargets = new ArrayList<>();
            c.path("runner_gfx_targets").forEach(x -> runnerTargets.add(x.asText()));
            pools.put(name, new Family.CiPool(c.path("tier").asText(""), c.path("linux_test_runner").asText(""),
                    c.path("windows_test_runner").asText(""), runnerTargets));
            // A CI family may be a bare target ("gfx1151", "gfx90a"): it covers that target alone.
            if (!familyTargets.containsKey(name)) {
                familyTargets.put(name, new ArrayList<>(runnerTargets.isEmpty() ? List.of(name) : runnerTargets));
            }
        }
        Map<String, Family> families = new TreeMap<>();
        familyTargets.forEach((name, gfx) -> families.put(name, new Family(name, gfx, Optional.ofNullable(pools.get(name)))));
        return new FamilyCatalogue(targets, families, TestMatrix.parse(root.get("test_matrix")));
    }

    private static String requireText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("catalogue entry without '" + field + "': " + node);
        }
        return v.asText();
    }

    /** The Python versions and image labels each platform is tested with. */
    public TestMatrix testMatrix() {
        return testMatrix;
    }

    public Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    public boolean isFamily(String name) {
        return name != null && families.containsKey(name);
    }

    public Optional<GpuTarget> target(String gfx) {
        return Optional.ofNullable(targets.get(gfx));
    }

    public Map<String, Family> families() {
        return families;
    }

    public Map<String, GpuTarget> targets() {
        return targets;
    }

    /**
     * Every family an agent with these targets can test: a target's own families, plus the
     * CI families named after the bare target.
     */
    public List<String> familiesFor(List<String> gfxTargets) {
        List<String> out = new ArrayList<>();
        for (Family f : families.values()) {
            if (f.targets().stream().anyMatch(gfxTargets::contains)) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** Device extras for a family on kpack-split builds, e.g. gfx110X-all → device-gfx1100,... */
    public List<String> deviceExtras(String family) {
        return family(family).map(f -> f.targets().stream().map(g -> "device-" + g).toList()).orElse(List.of());
    }
}
