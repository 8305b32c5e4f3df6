package io.gfxfleet.orchestrator.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunPackaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds ROCm-shaped distributions like TheRock's for one version and several families:
 * <ul>
 *   <li>{@code dist/}: the {@code rocm} sdist (structured as TheRock's {@code rocm} template: its
 *       setup.py picks the target at build time from {@code src/rocm_sdk/_dist_info.py}),
 *       {@code rocm-sdk-core} (no dependencies on a kpack run), {@code rocm-sdk-devel},
 *       optionally {@code rocm-profiler}, and the libraries: on a kpack run (TheRock today) the
 *       arch-neutral {@code rocm-sdk-libraries} plus one {@code rocm-sdk-device-<gfx>} per ISA of
 *       the families, on a legacy run one {@code rocm-sdk-libraries-<family>} per family;</li>
 *   <li>{@code deps/}: setuptools (>= 70.2, which the sdist's pyproject.toml needs) and wheel, found
 *       by {@link BuildBackendWheels}, and {@code sample-runtime-dep}, a dependency of a legacy
 *       run's rocm-sdk-core (it shows the two-index pattern keeps dependencies in the deps index).</li>
 * </ul>
 * {@code rocm-sdk test} runs TheRock's test classes and methods ({@link SampleTest}) whose
 * outcomes the {@link SampleSpec} chose. Building the same spec again gives byte-identical files.
 */
public final class SamplePackages {
    public static final String RUNTIME_DEP = "sample-runtime-dep";
    public static final String RUNTIME_DEP_VERSION = "1.0.0";
    static final String PLATFORM_TAG = "py3-none-linux_x86_64";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final List<String> ROCM_SOURCES = List.of(
            "pyproject.toml", "setup.py", "src/rocm_sdk/__init__.py", "src/rocm_sdk/__main__.py",
            "src/rocm_sdk/tests/__init__.py", "src/rocm_sdk/tests/_outcomes.py", "src/rocm_sdk/tests/utils.py",
            "src/rocm_sdk/tests/base_test.py", "src/rocm_sdk/tests/core_test.py", "src/rocm_sdk/tests/libraries_test.py",
            "src/rocm_sdk/tests/devel_test.py", "src/rocm_sdk/tests/profiler_test.py");
    private static final String DIST_INFO = "src/rocm_sdk/_dist_info.py";
    private static final String CONSTANTS_START = "# ---- BUILD CONSTANTS";
    private static final String CONSTANTS_END = "# ---- END BUILD CONSTANTS ----";
    private static final List<String> CORE_LIBS = List.of("libamdhip64.so.7", "libhiprtc.so.7", "libhsa-runtime64.so.1",
            "librocm_smi64.so.1");
    private static final List<String> LIBRARIES_LIBS = List.of("libhipblaslt.so.1", "librocblas.so.5");
    private static final List<String> PROFILER_LIBS = List.of("librocprof-sys.so.1", "librocprof-sys.so",
            "librocprof-sys-dl.so.1", "librocprof-sys-dl.so");
    /** Per-family outcomes, beside the GPU-specific package that carries them. */
    static final String FAMILY_OUTCOMES = "sample_outcomes.json";

    private SamplePackages() {}

    public static SampleSpec.Builder builder() {
        return SampleSpec.builder();
    }

    /**
     * Writes {@code outDir/dist} and {@code outDir/deps}. Distribution files left there by an
     * earlier build that this spec does not produce are removed, so each folder is exactly
     * one build.
     */
    public static SampleOutput write(SampleSpec spec, Path outDir) throws IOException {
        Path dist = outDir.resolve("dist");
        Path deps = outDir.resolve("deps");
        Files.createDirectories(dist);
        Files.createDirectories(deps);
        // Find the build backend first: its absence is the likeliest failure, and it writes nothing.
        BuildBackendWheels.Found backend = BuildBackendWheels.find(spec.python());

        List<Path> distFiles = new ArrayList<>();
        distFiles.add(rocmSdist(spec).writeTo(dist));
        distFiles.add(coreWheel(spec).writeTo(dist));
        if (spec.packaging() == RunPackaging.KPACK) {
            distFiles.add(kpackLibrariesWheel(spec).writeTo(dist));
            for (var e : spec.targetFamilies().entrySet()) {
                if (!spec.omittedDeviceWheels().contains(e.getKey())) {
                    distFiles.add(deviceWheel(spec, e.getKey(), e.getValue()).writeTo(dist));
                }
            }
        } else {
            for (String family : spec.families()) {
                distFiles.add(legacyLibrariesWheel(spec, family).writeTo(dist));
            }
        }
        distFiles.add(develWheel(spec).writeTo(dist));
        if (spec.withProfiler()) {
            distFiles.add(profilerWheel(spec).writeTo(dist));
        }

        List<Path> depsFiles = new ArrayList<>();
        depsFiles.add(runtimeDepWheel().writeTo(deps));
        depsFiles.add(backend.setuptools().copyTo(deps));
        depsFiles.add(backend.wheel().copyTo(deps));

        removeOthers(dist, distFiles);
        removeOthers(deps, depsFiles);
        distFiles.sort(null);
        depsFiles.sort(null);
        return new SampleOutput(outDir, dist, deps, distFiles, depsFiles, spec);
    }

    private static SdistWriter rocmSdist(SampleSpec spec) throws IOException {
        String v = spec.version().text();
        SdistWriter sdist = new SdistWriter("rocm", v);
        for (String source : ROCM_SOURCES) {
            sdist.text(source, SampleSources.read("rocm/" + source));
        }
        sdist.text(DIST_INFO, distInfo(spec));
        StringBuilder pkgInfo = new StringBuilder("Metadata-Version: 2.1\nName: rocm\nVersion: " + v
                + "\nSummary: ROCm Python packages (gfxfleet sample meta package)\nRequires-Python: >=3.9\n");
        for (String extra : extras(spec)) {
            pkgInfo.append("Provides-Extra: ").append(extra).append('\n');
        }
        sdist.text("PKG-INFO", pkgInfo.toString());
        sdist.file("src/rocm_sdk/tests/outcomes.json", outcomesJson(spec.commonOutcomes()));
        return sdist;
    }

    /** The extras the sdist's setup.py declares for this build (TheRock's names). */
    public static List<String> extras(SampleSpec spec) {
        List<String> extras = new ArrayList<>(List.of("libraries", "devel", "profiler"));
        if (spec.packaging() == RunPackaging.KPACK) {
            extras.add("device");
            for (String gfx : spec.targetFamilies().keySet()) {
                extras.add("device-" + gfx);
            }
            extras.add("device-all");
        }
        return extras;
    }

    /**
     * {@code _dist_info.py}: the template's functions with this build's constants filled in. On a
     * kpack build the available "families" are the gfx targets, as in TheRock's kpack builds.
     */
    private static String distInfo(SampleSpec spec) throws IOException {
        String template = SampleSources.read("rocm/" + DIST_INFO);
        int start = template.indexOf(CONSTANTS_START);
        int end = template.indexOf(CONSTANTS_END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(DIST_INFO + " lacks its build-constants markers");
        }
        boolean kpack = spec.packaging() == RunPackaging.KPACK;
        List<String> available = kpack ? List.copyOf(spec.targetFamilies().keySet()) : spec.families();
        String defaultTarget = kpack ? SampleSpec.targets(List.of(spec.defaultFamily())).get(0) : spec.defaultFamily();
        Map<String, List<String>> familyTargets = new LinkedHashMap<>();
        if (!kpack) {
            FamilyCatalogue catalogue = FamilyCatalogue.bundled();
            for (String f : spec.families()) {
                familyTargets.put(f, catalogue.family(f).map(Family::targets).orElse(List.of()));
            }
        }
        String constants = CONSTANTS_START + " (written by gfxfleet's sample build) ----\n"
                + "__version__ = " + JSON.writeValueAsString(spec.version().text()) + "\n"
                + "KPACK_SPLIT = " + (kpack ? "True" : "False") + "\n"
                + "DEFAULT_TARGET_FAMILY = " + JSON.writeValueAsString(defaultTarget) + "\n"
                + "AVAILABLE_TARGET_FAMILIES = " + compactJson(available) + "\n"
                + "FAMILY_TARGETS = " + compactJson(familyTargets) + "\n"
                + "DISCOVERS_TESTS = " + (spec.discoversTests() ? "True" : "False") + "\n";
        return template.substring(0, start) + constants + template.substring(end);
    }

    private static String compactJson(Object value) throws IOException {
        return new ObjectMapper().writeValueAsString(value);
    }

    private static byte[] outcomesJson(Map<SampleTest, SampleOutcome> outcomes) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        outcomes.forEach((test, o) -> {
            ObjectNode n = root.putObject(test.key());
            n.put("outcome", o.outcome().name());
            n.put("detail", o.detail());
            n.put("megabytes", o.megabytes());
        });
        return JSON.writeValueAsBytes(root);
    }

    private static WheelWriter coreWheel(SampleSpec spec) {
        String v = spec.version().text();
        WheelWriter w = new WheelWriter("rocm-sdk-core", v, PLATFORM_TAG, false)
                .summary("ROCm SDK core: runtime, compiler, tools (gfxfleet sample)")
                .consoleScript("hipconfig", "rocm_sdk_core._cli:hipconfig")
                .consoleScript("amdclang", "rocm_sdk_core._cli:amdclang")
                .text("rocm_sdk_core/__init__.py", "__version__ = " + pyString(v) + "\n")
                .text("rocm_sdk_core/_cli.py", SampleSources.read("core/rocm_sdk_core/_cli.py"))
                .text("_rocm_sdk_core/__init__.py", SampleSources.read("core/_rocm_sdk_core/__init__.py"))
                .padding("_rocm_sdk_core/share/sample-padding.bin", spec.padBytesPerWheel());
        if (spec.packaging() == RunPackaging.LEGACY) {
            // TheRock's core wheel has no dependencies (a kpack run installs with --no-index); the
            // legacy sample keeps one so the two-index tests see a dependency come from the deps index.
            w.requires(RUNTIME_DEP + ">=1.0");
        }
        for (String lib : CORE_LIBS) {
            w.file("_rocm_sdk_core/lib/" + lib, fakeElf(lib));
        }
        return w;
    }

    /** The parts every libraries wheel has: the pure package and its console script. */
    private static WheelWriter librariesBase(String name, SampleSpec spec, String summary) {
        String v = spec.version().text();
        return new WheelWriter(name, v, PLATFORM_TAG, false)
                .summary(summary)
                .requires("rocm-sdk-core==" + v)
                .consoleScript("hipblaslt-bench", "rocm_sdk_libraries._cli:hipblaslt_bench")
                .text("rocm_sdk_libraries/__init__.py", "__version__ = " + pyString(v) + "\n")
                .text("rocm_sdk_libraries/_cli.py", SampleSources.read("libraries/rocm_sdk_libraries/_cli.py"))
                .padding("rocm_sdk_libraries/share/sample-padding.bin", spec.padBytesPerWheel());
    }

    /** kpack: the arch-neutral libraries (host code); the GPU code is in the device wheels. */
    private static WheelWriter kpackLibrariesWheel(SampleSpec spec) {
        WheelWriter w = librariesBase("rocm-sdk-libraries", spec, "ROCm SDK libraries, arch-neutral (gfxfleet sample)")
                .text("_rocm_sdk_libraries/__init__.py", "\"\"\"Libraries platform package (host code).\"\"\"\n");
        for (String lib : LIBRARIES_LIBS) {
            w.file("_rocm_sdk_libraries/lib/" + lib, fakeElf(lib));
        }
        return w;
    }

    /**
     * kpack: one ISA's device code, {@code rocm-sdk-device-<gfx>}, requiring the arch-neutral
     * libraries at the same version. Its platform package carries the family's chosen outcomes.
     */
    private static WheelWriter deviceWheel(SampleSpec spec, String gfx, String family) throws IOException {
        String v = spec.version().text();
        WheelWriter w = new WheelWriter(RunPackaging.DEVICE_PROJECT_PREFIX + gfx, v, PLATFORM_TAG, false)
                .summary("ROCm SDK device code for " + gfx + " (gfxfleet sample)")
                .requires("rocm-sdk-libraries==" + v)
                .text("rocm_sdk_device/__init__.py", "\"\"\"Device code of the ROCm libraries, one wheel per ISA.\"\"\"\n");
        String platformTarget = switch (spec.packagingFor(family)) {
            case FOR_FAMILY -> gfx;
            case WRONG_FAMILY -> SampleSpec.targets(List.of(otherFamily(family))).get(0);
            case NOT_FOR_THIS_ARCH -> null;
        };
        if (platformTarget != null) {
            String pkg = "_rocm_sdk_device_" + platformTarget;
            w.text(pkg + "/__init__.py", "\"\"\"Device code for " + platformTarget + ".\"\"\"\nTARGET = " + pyString(platformTarget) + "\n");
            for (String lib : LIBRARIES_LIBS) {
                String stem = lib.substring(0, lib.indexOf(".so"));
                w.file(pkg + "/kpack/" + stem + "_" + platformTarget + ".kpack", fakeElf(stem + " device code " + platformTarget));
            }
            w.file(pkg + "/" + FAMILY_OUTCOMES, outcomesJson(spec.familyOutcomes().getOrDefault(family, Map.of())));
        }
        return w;
    }

    private static WheelWriter legacyLibrariesWheel(SampleSpec spec, String family) throws IOException {
        WheelWriter w = librariesBase(RunPackaging.LEGACY_LIBRARIES_PREFIX + family, spec,
                "ROCm SDK libraries for " + family + " (gfxfleet sample)");
        w.file("rocm_sdk_libraries/" + FAMILY_OUTCOMES, outcomesJson(spec.familyOutcomes().getOrDefault(family, Map.of())));
        String platformFamily = switch (spec.packagingFor(family)) {
            case FOR_FAMILY -> family;
            case WRONG_FAMILY -> otherFamily(family);
            case NOT_FOR_THIS_ARCH -> null;
        };
        if (platformFamily != null) {
            String pkg = "_rocm_sdk_libraries_" + platformFamily.replace('-', '_');
            w.text(pkg + "/__init__.py", "\"\"\"Libraries platform package of " + platformFamily + ".\"\"\"\nFAMILY = "
                    + pyString(platformFamily) + "\n");
            for (String lib : LIBRARIES_LIBS) {
                w.file(pkg + "/lib/" + lib, fakeElf(lib));
            }
        }
        return w;
    }

    /** A family other than {@code family}, for the wrong-family packaging bug. */
    static String otherFamily(String family) {
        return family.equals("gfx120X-all") ? "gfx94X-dcgpu" : "gfx120X-all";
    }

    /** The devel tree: headers, CMake files, tools, and every library mirrored into lib/. */
    private static WheelWriter develWheel(SampleSpec spec) {
        String v = spec.version().text();
        WheelWriter w = new WheelWriter("rocm-sdk-devel", v, PLATFORM_TAG, false)
                .summary("ROCm SDK development files (gfxfleet sample)")
                .requires("rocm-sdk-core==" + v)
                .text("rocm_sdk_devel/__init__.py", "__version__ = " + pyString(v) + "\n")
                .text("_rocm_sdk_devel/__init__.py", "\"\"\"Devel platform tree.\"\"\"\n")
                .text("_rocm_sdk_devel/bin/hipconfig", "#!/bin/sh\necho 'HIP version: " + v + "'\n")
                .text("_rocm_sdk_devel/lib/cmake/hip/hip-config.cmake", "# gfxfleet sample HIP CMake package\nset(HIP_VERSION " + v + ")\n")
                .text("_rocm_sdk_devel/include/hip/hip_runtime.h", "/* gfxfleet sample HIP header */\n#pragma once\n#define HIP_SAMPLE 1\n")
                .text("_rocm_sdk_devel/lib/llvm/bin/clang", "#!/bin/sh\necho 'clang (gfxfleet sample)'\n")
                .padding("_rocm_sdk_devel/share/sample-padding.bin", spec.padBytesPerWheel());
        for (String lib : CORE_LIBS) {
            w.file("_rocm_sdk_devel/lib/" + lib, fakeElf(lib));
        }
        for (String lib : LIBRARIES_LIBS) {
            w.file("_rocm_sdk_devel/lib/" + lib, fakeElf(lib));
        }
        return w;
    }

    private static WheelWriter profilerWheel(SampleSpec spec) {
        String v = spec.version().text();
        WheelWriter w = new WheelWriter("rocm-profiler", v, PLATFORM_TAG, false)
                .summary("ROCm profiler tools (gfxfleet sample)")
                .requires("rocm-sdk-core==" + v)
                .consoleScript("rocprof-sys-avail", "rocm_profiler._cli:rocprof_sys_avail")
                .consoleScript("rocprof-sys-instrument", "rocm_profiler._cli:rocprof_sys_instrument")
                .text("rocm_profiler/__init__.py", "__version__ = " + pyString(v) + "\n")
                .text("rocm_profiler/_cli.py", SampleSources.read("profiler/rocm_profiler/_cli.py"))
                .text("_rocm_profiler/__init__.py", "\"\"\"Profiler platform package.\"\"\"\n");
        for (String lib : PROFILER_LIBS) {
            w.file("_rocm_profiler/lib/" + lib, fakeElf(lib));
        }
        return w;
    }

    private static WheelWriter runtimeDepWheel() {
        return new WheelWriter(RUNTIME_DEP, RUNTIME_DEP_VERSION, "py3-none-any", true)
                .summary("A tiny dependency of the sample rocm-sdk-core")
                .text("sample_runtime_dep/__init__.py", SampleSources.read("runtime_dep/sample_runtime_dep/__init__.py"));
    }

    /** Starts like an ELF file, which is all the sample tests check. */
    private static byte[] fakeElf(String name) {
        return ("\u007fELF gfxfleet sample shared library " + name + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String pyString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void removeOthers(Path dir, List<Path> keep) throws IOException {
        List<Path> stale;
        try (Stream<Path> s = Files.list(dir)) {
            stale = s.filter(p -> !keep.contains(p)).filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".whl") || p.toString().endsWith(".tar.gz")).toList();
        }
        for (Path p : stale) {
            Files.delete(p);
        }
    }
}
