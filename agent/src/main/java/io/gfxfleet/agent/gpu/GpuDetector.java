package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the machine's AMD GPUs. Sources in order: the KFD topology in sysfs (needs only the kernel
 * driver), then {@code offload-arch}, {@code rocminfo}, {@code rocm_agent_enumerator} (need ROCm
 * userspace, possibly from a venv's bin dir). The first source that yields devices wins; what the
 * earlier ones said becomes notes.
 */
public final class GpuDetector {
    public static final String SOURCE_KFD = "kfd-sysfs";
    public static final String SOURCE_OFFLOAD_ARCH = "offload-arch";
    public static final String SOURCE_ROCMINFO = "rocminfo";
    public static final String SOURCE_AGENT_ENUMERATOR = "rocm_agent_enumerator";

    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(20);
    /** Where ROCm installs its tools when they are not on PATH. */
    public static final Path ROCM_BIN = Path.of("/opt/rocm/bin");

    /**
     * @param sysfsRoot    usually {@code /sys}
     * @param toolDirs     directories searched, in order, for the tools (replaces PATH when given)
     * @param toolTimeout  how long one tool may run
     * @param visible      the GPUs this process may use ({@code ROCR_VISIBLE_DEVICES}, {@code HIP_VISIBLE_DEVICES})
     */
    public record Settings(Path sysfsRoot, List<Path> toolDirs, Duration toolTimeout, VisibleDevices visible) {
        public Settings {
            Objects.requireNonNull(sysfsRoot, "sysfsRoot");
            toolDirs = List.copyOf(toolDirs);
            Objects.requireNonNull(toolTimeout, "toolTimeout");
            visible = visible == null ? VisibleDevices.ALL : visible;
        }

        public Settings(Path sysfsRoot, List<Path> toolDirs, Duration toolTimeout) {
            this(sysfsRoot, toolDirs, toolTimeout, VisibleDevices.ALL);
        }

        /** {@code /sys}, every PATH directory then {@code /opt/rocm/bin}, 20 s per tool, this process's visible GPUs. */
        public static Settings defaults() {
            return new Settings(Path.of("/sys"), pathDirs(System.getenv("PATH")), DEFAULT_TOOL_TIMEOUT,
                    VisibleDevices.fromEnvironment(System.getenv()));
        }

        public Settings withSysfsRoot(Path root) {
            return new Settings(root, toolDirs, toolTimeout, visible);
        }

        public Settings withToolDirs(List<Path> dirs) {
            return new Settings(sysfsRoot, dirs, toolTimeout, visible);
        }

        public Settings withToolTimeout(Duration timeout) {
            return new Settings(sysfsRoot, toolDirs, timeout, visible);
        }

        public Settings withVisible(VisibleDevices devices) {
            return new Settings(sysfsRoot, toolDirs, toolTimeout, devices);
        }

        static List<Path> pathDirs(String path) {
            LinkedHashSet<Path> dirs = new LinkedHashSet<>();
            for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    try {
                        dirs.add(Path.of(entry));
                    } catch (InvalidPathException ignored) {
                        // a broken PATH entry cannot hold a tool
                    }
                }
            }
            dirs.add(ROCM_BIN);
            return List.copyOf(dirs);
        }
    }

    private final Settings settings;
    private final FamilyCatalogue catalogue;
    private final ToolRunner runner;

    public GpuDetector(Settings settings, FamilyCatalogue catalogue) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.runner = new ToolRunner(settings.toolTimeout());
    }

    public Detection detect() {
        List<String> notes = new ArrayList<>();
        SourceReading winner = null;
        for (String source : List.of(SOURCE_KFD, SOURCE_OFFLOAD_ARCH, SOURCE_ROCMINFO, SOURCE_AGENT_ENUMERATOR)) {
            SourceReading reading;
            try {
                reading = read(source);
            } catch (RuntimeException e) {
                // A parser bug must cost one source, not the agent.
                reading = SourceReading.failed(source, source + ": failed: " + e);
            }
            notes.addAll(reading.notes());
            if (!reading.devices().isEmpty()) {
                // Every source lists all GPUs (tools run without the visibility variables): filtered once, here.
                VisibleDevices.Filtered visible = settings.visible().apply(reading.devices());
                notes.addAll(visible.notes().stream().map(n -> source + ": " + n).toList());
                winner = new SourceReading(source, visible.devices(), reading.notes());
                break;
            }
        }
        if (winner == null || winner.devices().isEmpty()) {
            return new Detection(List.of(), List.of(), notes);
        }
        List<String> targets = new ArrayList<>(new LinkedHashSet<>(winner.devices().stream().map(GpuDevice::gfx).toList()));
        for (String gfx : targets) {
            if (catalogue.target(gfx).isEmpty()) {
                notes.add(gfx + " is not in the family catalogue: no family can be tested on it");
            }
        }
        return new Detection(winner.devices(), catalogue.familiesFor(targets), notes);
    }

    SourceReading read(String source) {
        if (source.equals(SOURCE_KFD)) {
            return new KfdTopology(settings.sysfsRoot(), catalogue).read();
        }
        Optional<Path> tool = findTool(source);
        if (tool.isEmpty()) {
            return SourceReading.failed(source, source + ": not found in " + describeDirs());
        }
        ToolRunner.ToolOutput out = runner.run(tool.get().toString(), List.of(), toolEnvironment());
        if (!out.succeeded()) {
            return SourceReading.failed(source, tool.get() + " " + out.failure());
        }
        return source.equals(SOURCE_ROCMINFO)
                ? RocminfoOutput.parse(out.stdout(), catalogue)
                : TargetListOutput.parse(source, out.stdout(), catalogue);
    }

    /**
     * The tools' environment: this process's, without the visibility variables, so that ROCr-based
     * tools (rocminfo, offload-arch) list every GPU as KFD does and {@link VisibleDevices} is applied
     * once, the same way, to whichever source wins.
     */
    private static java.util.Map<String, String> toolEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.remove(VisibleDevices.ROCR);
        env.remove(VisibleDevices.HIP);
        return env;
    }

    /** The first executable regular file named {@code name} in the tool directories. */
    public Optional<Path> findTool(String name) {
        for (Path dir : settings.toolDirs()) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private String describeDirs() {
        List<Path> dirs = settings.toolDirs();
        if (dirs.isEmpty()) {
            return "(no tool directories)";
        }
        List<String> shown = dirs.stream().limit(6).map(Path::toString).toList();
        return String.join(":", shown) + (dirs.size() > shown.size() ? ":… (" + dirs.size() + " dirs)" : "");
    }
}
