package io.gfxfleet.orchestrator.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds ROCm-shaped distributions like TheRock's for one version and several families:
 * <ul>
 *   <li>{@code dist/}: the {@code rocm} sdist (its setup.py picks the family at install time),
 *       {@code rocm-sdk-core}, one {@code rocm-sdk-libraries-<family>} per family and
 *       {@code rocm-sdk-devel} wheels;</li>
 *   <li>{@code deps/}: setuptools and wheel (for pip's isolated build of the sdist) and
 *       {@code sample-runtime-dep}, a dependency of rocm-sdk-core.</li>
 * </ul>
 * {@code rocm-sdk test} runs real unittest modules whose outcomes the {@link SampleSpec} chose.
 * Output is deterministic: building the same spec again gives byte-identical files.
 */
public final class SamplePackages {
    public static final String RUNTIME_DEP = "sample-runtime-dep";
    public static final String RUNTIME_DEP_VERSION = "1.0.0";
    static final String PLATFORM_TAG = "py3-none-linux_x86_64";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final List<String> ROCM_SOURCES = List.of(
            "pyproject.toml", "setup.py", "rocm_sdk/__init__.py", "rocm_sdk/__main__.py",
            "rocm_sdk/tests/__init__.py", "rocm_sdk/tests/_outcomes.py", "rocm_sdk/tests/base_test.py",
            "rocm_sdk/tests/core_test.py", "rocm_sdk/tests/libraries_test.py", "rocm_sdk/tests/devel_test.py",
            "rocm_sdk/tests/profiler_test.py");
    private static final List<String> CORE_LIBS = List.of("libamdhip64.so.7", "libhsa-runtime64.so.1", "librocm_smi64.so.1");
    private static final List<String> LIBRARIES_LIBS = List.of("libhipblaslt.so.1", "librocblas.so.5");

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
        Path setuptools = BuildBackendWheels.setuptools(spec.python());
        Path wheel = BuildBackendWheels.wheel();

        List<Path> distFiles = new ArrayList<>();
        String v = spec.version().text();
        distFiles.add(rocmSdist(spec).writeTo(dist));
        distFiles.add(coreWheel(spec).writeTo(dist));
        for (String family : spec.families()) {
            distFiles.add(librariesWheel(spec, family).writeTo(dist));
        }
        distFiles.add(develWheel(spec).writeTo(dist));
        if (spec.withProfiler()) {
            distFiles.add(profilerWheel(spec).writeTo(dist));
        }

        List<Path> depsFiles = new ArrayList<>();
        depsFiles.add(runtimeDepWheel().writeTo(deps));
        depsFiles.add(copy(setuptools, deps));
        depsFiles.add(copy(wheel, deps));

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
        sdist.text("PKG-INFO", "Metadata-Version: 2.1\nName: rocm\nVersion: " + v
                + "\nSummary: ROCm Python packages (gfxfleet sample meta package)\nRequires-Python: >=3.9\n"
                + "Provides-Extra: libraries\nProvides-Extra: devel\nProvides-Extra: profiler\n");
        sdist.file("sample_build.json", buildInfo(spec));
        sdist.file("rocm_sdk/tests/outcomes.json", outcomesJson(spec.commonOutcomes()));
        return sdist;
    }

    /** What setup.py needs to pick a family: the families and which gfx target maps to which. */
    private static byte[] buildInfo(SampleSpec spec) throws IOException {
        FamilyCatalogue catalogue = FamilyCatalogue.bundled();
        Map<String, String> targetFamilies = new LinkedHashMap<>();
        Map<String, List<String>> familyTargets = new LinkedHashMap<>();
        for (String f : spec.families()) {
            List<String> targets = catalogue.family(f).map(Family::targets).orElse(List.of());
            familyTargets.put(f, targets);
            for (String t : targets) {
                targetFamilies.putIfAbsent(t, f);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", spec.version().text());
        root.put("default_family", spec.defaultFamily());
        root.put("discovers_tests", spec.discoversTests());
        root.set("families", JSON.valueToTree(spec.families()));
        root.set("target_families", JSON.valueToTree(targetFamilies));
        root.set("family_targets", JSON.valueToTree(familyTargets));
        return JSON.writeValueAsBytes(root);
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
                .requires(RUNTIME_DEP + ">=1.0")
                .consoleScript("rocm-sdk-core-info", "rocm_sdk_core.__main__:main")
                .text("rocm_sdk_core/__init__.py", "__version__ = " + pyString(v) + "\n")
                .text("rocm_sdk_core/__main__.py", SampleSources.read("core/rocm_sdk_core/__main__.py"))
                .text("_rocm_sdk_core/__init__.py", SampleSources.read("core/_rocm_sdk_core/__init__.py"))
                .padding("_rocm_sdk_core/share/sample-padding.bin", spec.padBytesPerWheel());
        for (String lib : CORE_LIBS) {
            w.file("_rocm_sdk_core/lib/" + lib, fakeElf(lib));
        }
        return w;
    }

    private static WheelWriter librariesWheel(SampleSpec spec, String family) throws IOException {
        String v = spec.version().text();
        WheelWriter w = new WheelWriter("rocm-sdk-libraries-" + family, v, PLATFORM_TAG, false)
                .summary("ROCm SDK libraries for " + family + " (gfxfleet sample)")
                .requires("rocm-sdk-core==" + v)
                .text("rocm_sdk_libraries/__init__.py", SampleSources.read("libraries/rocm_sdk_libraries/__init__.py"))
                .padding("rocm_sdk_libraries/share/sample-padding.bin", spec.padBytesPerWheel());
        ObjectNode familyInfo = JSON.createObjectNode();
        familyInfo.put("family", family);
        Map<SampleTest, SampleOutcome> outcomes = spec.familyOutcomes().getOrDefault(family, Map.of());
        familyInfo.set("outcomes", JSON.readTree(outcomesJson(outcomes)));
        w.file("rocm_sdk_libraries/sample_family.json", JSON.writeValueAsBytes(familyInfo));

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

    private static WheelWriter develWheel(SampleSpec spec) {
        String v = spec.version().text();
        return new WheelWriter("rocm-sdk-devel", v, PLATFORM_TAG, false)
                .summary("ROCm SDK development files (gfxfleet sample)")
                .requires("rocm-sdk-core==" + v)
                .text("rocm_sdk_devel/__init__.py", "__version__ = " + pyString(v) + "\n")
                .text("rocm_sdk_devel/include/hip/hip_runtime.h",
                        "/* gfxfleet sample HIP header */\n#pragma once\n#define HIP_SAMPLE 1\n")
                .padding("rocm_sdk_devel/share/sample-padding.bin", spec.padBytesPerWheel());
    }

    private static WheelWriter profilerWheel(SampleSpec spec) {
        String v = spec.version().text();
        return new WheelWriter("rocm-profiler", v, PLATFORM_TAG, false)
                .summary("ROCm profiler tools (gfxfleet sample)")
                .requires("rocm-sdk-core==" + v)
                .text("rocm_profiler/__init__.py", "__version__ = " + pyString(v) + "\n");
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

    private static Path copy(Path from, Path dir) throws IOException {
        Path to = dir.resolve(from.getFileName().toString());
        if (!Files.exists(to) || Files.mismatch(from, to) != -1) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
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
