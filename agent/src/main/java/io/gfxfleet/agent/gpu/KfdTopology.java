package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Reads the amdgpu kernel driver's KFD topology under {@code <sysfs-root>/class/kfd/kfd/topology/nodes}.
 * Each numbered node directory holds a {@code properties} file of {@code key value} lines and a
 * {@code name} file; CPU nodes have {@code gfx_target_version 0}. This needs no ROCm userspace at all,
 * which is why it is the first source tried.
 */
public final class KfdTopology {
    /** sysfs attribute files are at most a page; anything larger is not a KFD properties file. */
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private final Path sysfsRoot;
    private final FamilyCatalogue catalogue;

    public KfdTopology(Path sysfsRoot, FamilyCatalogue catalogue) {
        this.sysfsRoot = sysfsRoot;
        this.catalogue = catalogue;
    }

    public Path nodesDir() {
        return sysfsRoot.resolve("class/kfd/kfd/topology/nodes");
    }

    public SourceReading read() {
        String source = GpuDetector.SOURCE_KFD;
        Path nodesDir = nodesDir();
        if (!Files.isDirectory(nodesDir)) {
            return SourceReading.failed(source, source + ": " + nodesDir
                    + " does not exist (amdgpu kernel driver not loaded, or not Linux)");
        }
        List<Integer> nodeIds = new ArrayList<>();
        try (Stream<Path> entries = Files.list(nodesDir)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9]{1,6}"))
                    .map(Integer::valueOf)
                    .sorted()
                    .forEach(nodeIds::add);
        } catch (IOException | RuntimeException e) {
            return SourceReading.failed(source, source + ": cannot list " + nodesDir + ": " + e);
        }
        if (nodeIds.isEmpty()) {
            return SourceReading.failed(source, source + ": " + nodesDir + " holds no numbered node directories");
        }
        List<GpuDevice> devices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int id : nodeIds) {
            readNode(nodesDir.resolve(Integer.toString(id)), id, devices, notes);
        }
        if (devices.isEmpty()) {
            notes.add(source + ": " + nodeIds.size() + " node(s) under " + nodesDir + ", none of them a GPU");
        }
        return new SourceReading(source, devices, notes);
    }

    private void readNode(Path dir, int id, List<GpuDevice> devices, List<String> notes) {
        String where = GpuDetector.SOURCE_KFD + ": node " + id;
        Path propertiesFile = dir.resolve("properties");
        String text;
        try {
            text = readSmallFile(propertiesFile);
        } catch (IOException | RuntimeException e) {
            notes.add(where + ": cannot read " + propertiesFile + " (" + e.getClass().getSimpleName() + ")");
            return;
        }
        Properties props = Properties.parse(text);
        if (props.values.isEmpty()) {
            notes.add(where + ": " + propertiesFile + " has no 'key value' lines"
                    + (props.malformedLines > 0 ? " (" + props.malformedLines + " malformed)" : ""));
            return;
        }
        Long version = props.number("gfx_target_version");
        Long simdCount = props.number("simd_count");
        if (version == null && props.values.containsKey("gfx_target_version")) {
            notes.add(where + ": gfx_target_version " + props.values.get("gfx_target_version")
                    + " is not a valid processor version");
            return;
        }
        if (version == null) {
            if (simdCount != null && simdCount > 0) {
                notes.add(where + ": has SIMDs but no gfx_target_version (kernel older than 5.12?)");
            } else if (props.malformedLines > 0) {
                notes.add(where + ": " + propertiesFile + " has no gfx_target_version and "
                        + props.malformedLines + " malformed line(s)");
            }
            return;
        }
        if (version == 0) {
            return; // a CPU node
        }
        var gfx = GfxName.fromTargetVersion(version);
        if (gfx.isEmpty()) {
            notes.add(where + ": gfx_target_version " + version + " is not a valid processor version");
            return;
        }
        Long minor = props.number("drm_render_minor");
        // CPU nodes report 0; render minors start at 128.
        OptionalInt renderMinor = minor != null && minor > 0 && minor <= Integer.MAX_VALUE
                ? OptionalInt.of(minor.intValue()) : OptionalInt.empty();
        String product = catalogue.target(gfx.get()).map(t -> t.product())
                .filter(p -> !p.isBlank())
                .orElseGet(() -> kfdName(dir).map(n -> "unknown (KFD name '" + n + "')").orElse("unknown"));
        String unique = props.values.get("unique_id");
        // ROCr's UUID of a GPU is its KFD unique_id in hex (unsigned 64-bit); 0 means the GPU has none.
        String uuid = unique == null || unique.equals("0") ? ""
                : String.format("GPU-%016x", new java.math.BigInteger(unique).longValue());
        devices.add(new GpuDevice(gfx.get(), product, Integer.toString(id), GpuDetector.SOURCE_KFD, renderMinor, uuid));
    }

    private static Optional<String> kfdName(Path dir) {
        try {
            String name = readSmallFile(dir.resolve("name")).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String readSmallFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // Malformed UTF-8 becomes U+FFFD rather than an exception: garbage is reported, not thrown.
            return new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8);
        }
    }

    /**
     * The {@code key value} lines of a KFD properties file. Values stay text because some are
     * unsigned 64-bit ({@code hive_id}, {@code unique_id}); only the keys used here are converted.
     */
    private record Properties(Map<String, String> values, int malformedLines) {
        static Properties parse(String text) {
            Map<String, String> values = new HashMap<>();
            int malformed = 0;
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.isEmpty()) {
                    continue;
                }
                String[] kv = l.split("\\s+");
                if (kv.length != 2 || !kv[0].matches("[a-z0-9_]+") || !kv[1].matches("[0-9]{1,20}")) {
                    malformed++;
                    continue;
                }
                values.putIfAbsent(kv[0], kv[1]);
            }
            return new Properties(values, malformed);
        }

        /** The value of {@code key} when present and within a signed long. */
        Long number(String key) {
            String v = values.get(key);
            if (v == null || v.length() > 18) {
                return null;
            }
            return Long.valueOf(v);
        }
    }
}
