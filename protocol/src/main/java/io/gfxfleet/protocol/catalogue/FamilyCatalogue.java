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
            List<String> linuxRunners = new ArrayList<>();
            c.path("linux_test_runners").forEach(x -> linuxRunners.add(x.asText()));
            List<String> nightlyOnly = new ArrayList<>();
            c.path("nightly_check_only_for_family").forEach(x -> nightlyOnly.add(x.asText()));
            pools.put(name, new Family.CiPool(c.path("tier").asText(""), c.path("linux_test_runner").asText(""),
                    c.path("windows_test_runner").asText(""), runnerTargets, linuxRunners, nightlyOnly,
                    c.path("submodule_bump_tests_only").asBoolean(false)));
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

    /**
     * The families someone who typed {@code name} most likely meant: the same name in another
     * case, the families of a gfx target ({@code gfx942} → {@code gfx94X-dcgpu}), then names a
     * few edits away or sharing the target's generation prefix.
     */
    public List<String> nearMatches(String name) {
        String typed = name == null ? "" : name.strip();
        String lower = typed.toLowerCase(java.util.Locale.ROOT);
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        families.keySet().stream().filter(f -> f.equalsIgnoreCase(typed)).forEach(out::add);
        // a target's families, most specific first: gfx942 → gfx94X-dcgpu before dcgpu-all
        targets.keySet().stream().filter(g -> g.equalsIgnoreCase(typed))
                .forEach(g -> familiesFor(List.of(g)).stream()
                        .sorted(java.util.Comparator.comparing((String f) -> !f.toLowerCase(java.util.Locale.ROOT).startsWith(g.substring(0, Math.min(5, g.length())).toLowerCase(java.util.Locale.ROOT)))
                                .thenComparing(f -> families.get(f).ci().isEmpty())
                                .thenComparing(f -> families.get(f).targets().size())
                                .thenComparing(f -> f))
                        .forEach(out::add));
        if (out.isEmpty()) {
            families.keySet().stream().filter(f -> editDistance(f.toLowerCase(java.util.Locale.ROOT), lower) <= 2).forEach(out::add);
        }
        if (out.isEmpty() && lower.length() >= 5) {
            families.keySet().stream().filter(f -> f.toLowerCase(java.util.Locale.ROOT).startsWith(lower.substring(0, 5))).forEach(out::add);
        }
        return List.copyOf(out);
    }

    /** "unknown GPU family 'x'; did you mean ...? (known: ...)", for every place that refuses a family name. */
    public String unknownFamilyMessage(String name) {
        List<String> near = nearMatches(name);
        return "unknown GPU family '" + name + "'"
                + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?")
                + " (known families: " + String.join(", ", families.keySet()) + ")";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Device extras for a family on kpack-split builds, e.g. gfx110X-all → device-gfx1100,... */
    public List<String> deviceExtras(String family) {
        return family(family).map(f -> f.targets().stream().map(g -> "device-" + g).toList()).orElse(List.of());
    }
}
