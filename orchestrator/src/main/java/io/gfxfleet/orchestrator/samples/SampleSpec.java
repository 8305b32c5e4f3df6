package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link SamplePackages} builds: one version, the families it covers, and the outcome of
 * each sample test, either for every family ({@code commonOutcomes}, baked into the shared
 * {@code rocm} sdist) or for one family ({@code familyOutcomes}, baked into that family's
 * libraries wheel, which wins).
 *
 * @param version            PEP 440 version of every rocm package
 * @param families           build families, e.g. {@code gfx94X-dcgpu}, {@code gfx110X-all}
 * @param defaultFamily      the family {@code setup.py} falls back to without ROCM_SDK_TARGET_FAMILY
 * @param commonOutcomes     outcomes for all families
 * @param familyOutcomes     outcomes per family (override the common ones)
 * @param librariesPackaging how each family's libraries wheel is packaged (absent: {@link LibrariesPackaging#FOR_FAMILY})
 * @param padBytesPerWheel   incompressible bytes added to each rocm wheel (core, libraries, devel)
 * @param python             the interpreter whose bundled setuptools wheel goes into {@code deps/}
 * @param withProfiler       the run also builds {@code rocm-profiler} (installed as {@code rocm[profiler]})
 * @param discoversTests     false: {@code rocm-sdk test} finds no tests at all (as when a build ships
 *                           its test package empty) and prints {@code Ran 0 tests}, exiting 0
 * @param packaging          {@link RunPackaging#KPACK}: arch-neutral {@code rocm-sdk-libraries} plus one
 *                           {@code rocm-sdk-device-<gfx>} per ISA of the families (TheRock today);
 *                           {@link RunPackaging#LEGACY}: one {@code rocm-sdk-libraries-<family>} per family
 * @param omittedDeviceWheels kpack only: ISAs whose device wheel the build leaves out (a broken run,
 *                           for the refusals that must catch it)
 */
public record SampleSpec(Pep440Version version, List<String> families, String defaultFamily,
                         Map<SampleTest, SampleOutcome> commonOutcomes,
                         Map<String, Map<SampleTest, SampleOutcome>> familyOutcomes,
                         Map<String, LibrariesPackaging> librariesPackaging, long padBytesPerWheel, String python,
                         boolean withProfiler, boolean discoversTests, RunPackaging packaging,
                         Set<String> omittedDeviceWheels) {
    public static final String DEFAULT_VERSION = "7.10.0a20261125";

    public SampleSpec {
        if (version == null) {
            throw new IllegalArgumentException("version is required");
        }
        if (families == null || families.isEmpty()) {
            throw new IllegalArgumentException("at least one family is required");
        }
        families = List.copyOf(new LinkedHashSet<>(families));
        for (String f : families) {
            requireFamilyName(f);
        }
        defaultFamily = defaultFamily == null ? families.get(0) : defaultFamily;
        if (!families.contains(defaultFamily)) {
            throw new IllegalArgumentException("default family '" + defaultFamily + "' is not one of " + families);
        }
        commonOutcomes = Collections.unmodifiableMap(copy(commonOutcomes));
        Map<String, Map<SampleTest, SampleOutcome>> perFamily = new LinkedHashMap<>();
        for (var e : familyOutcomes.entrySet()) {
            requireListed(families, e.getKey(), "outcomes");
            perFamily.put(e.getKey(), Collections.unmodifiableMap(copy(e.getValue())));
        }
        familyOutcomes = Collections.unmodifiableMap(perFamily);
        for (String f : librariesPackaging.keySet()) {
            requireListed(families, f, "libraries packaging");
        }
        librariesPackaging = Map.copyOf(librariesPackaging);
        if (padBytesPerWheel < 0) {
            throw new IllegalArgumentException("padding must be >= 0 bytes, got " + padBytesPerWheel);
        }
        python = python == null || python.isBlank() ? "python3" : python;
        packaging = packaging == null ? RunPackaging.LEGACY : packaging;
        omittedDeviceWheels = omittedDeviceWheels == null ? Set.of() : Set.copyOf(omittedDeviceWheels);
        if (packaging == RunPackaging.KPACK) {
            List<String> targets = targets(families);
            for (String gfx : omittedDeviceWheels) {
                if (!targets.contains(gfx)) {
                    throw new IllegalArgumentException("cannot omit the device wheel of " + gfx + ": not a target of " + families);
                }
            }
        } else if (!omittedDeviceWheels.isEmpty()) {
            throw new IllegalArgumentException("only a kpack run has device wheels to omit");
        }
    }

    /**
     * The gfx targets (ISAs) of these families in catalogue order, each once: what a kpack build
     * makes a device wheel for. A family the catalogue does not know has no known ISAs.
     */
    public static List<String> targets(List<String> families) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String f : families) {
            List<String> isas = FamilyCatalogue.bundled().family(f).map(Family::targets).orElse(List.of());
            if (isas.isEmpty()) {
                throw new IllegalArgumentException("family '" + f + "' has no gfx targets in the catalogue, so a kpack "
                        + "build cannot make its device wheels");
            }
            out.addAll(isas);
        }
        return List.copyOf(out);
    }

    /** The spec's ISAs (kpack); the first family listing an ISA owns its outcomes. */
    public Map<String, String> targetFamilies() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : families) {
            for (String gfx : targets(List.of(f))) {
                out.putIfAbsent(gfx, f);
            }
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The outcome a family's run of {@code test} will have. */
    public SampleOutcome outcomeFor(String family, SampleTest test) {
        SampleOutcome o = familyOutcomes.getOrDefault(family, Map.of()).get(test);
        return o != null ? o : commonOutcomes.getOrDefault(test, SampleOutcome.pass());
    }

    public LibrariesPackaging packagingFor(String family) {
        return librariesPackaging.getOrDefault(family, LibrariesPackaging.FOR_FAMILY);
    }

    /** A family name must make a valid {@code rocm-sdk-libraries-<family>} project name. */
    public static String requireFamilyName(String family) {
        if (family == null || !family.matches("^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$|^[A-Za-z0-9]$")
                || !ProjectName.isValid("rocm-sdk-libraries-" + family)) {
            throw new IllegalArgumentException("invalid family name '" + family
                    + "' (letters, digits and '-', e.g. gfx94X-dcgpu)");
        }
        return family;
    }

    private static void requireListed(List<String> families, String family, String what) {
        if (!families.contains(family)) {
            throw new IllegalArgumentException(what + " given for family '" + family + "', which is not one of " + families);
        }
    }

    private static EnumMap<SampleTest, SampleOutcome> copy(Map<SampleTest, SampleOutcome> m) {
        EnumMap<SampleTest, SampleOutcome> out = new EnumMap<>(SampleTest.class);
        out.putAll(m);
        return out;
    }

    /** Fluent construction; {@link #writeTo(Path)} builds and writes in one go. */
    public static final class Builder {
        private Pep440Version version = new Pep440Version(DEFAULT_VERSION);
        private final List<String> families = new ArrayList<>();
        private String defaultFamily;
        private final Map<SampleTest, SampleOutcome> common = new EnumMap<>(SampleTest.class);
        private final Map<String, Map<SampleTest, SampleOutcome>> perFamily = new LinkedHashMap<>();
        private final Map<String, LibrariesPackaging> packaging = new LinkedHashMap<>();
        private long padBytes;
        private String python = "python3";
        private boolean discoversTests = true;
        private boolean withProfiler;
        private RunPackaging runPackaging = RunPackaging.LEGACY;
        private final Set<String> omittedDeviceWheels = new LinkedHashSet<>();

        private Builder() {}

        /**
         * How the run is split; the builder's default is {@link RunPackaging#LEGACY} (the
         * {@code samples build} command and the demo default to kpack).
         */
        public Builder packaging(RunPackaging packaging) {
            this.runPackaging = packaging;
            return this;
        }

        public Builder kpack() {
            return packaging(RunPackaging.KPACK);
        }

        /** Leaves out the device wheel of one ISA (kpack): a run the publisher must refuse. */
        public Builder withoutDeviceWheel(String gfx) {
            omittedDeviceWheels.add(gfx);
            return this;
        }

        public Builder version(String version) {
            this.version = new Pep440Version(version);
            return this;
        }

        public Builder families(String... families) {
            this.families.addAll(List.of(families));
            return this;
        }

        public Builder families(List<String> families) {
            this.families.addAll(families);
            return this;
        }

        public Builder defaultFamily(String family) {
            this.defaultFamily = family;
            return this;
        }

        /** The outcome of {@code test} for every family (unless a family overrides it). */
        public Builder outcome(SampleTest test, SampleOutcome outcome) {
            common.put(test, outcome);
            return this;
        }

        /** The outcome of {@code test} for one family. */
        public Builder outcome(String family, SampleTest test, SampleOutcome outcome) {
            perFamily.computeIfAbsent(family, k -> new EnumMap<>(SampleTest.class)).put(test, outcome);
            return this;
        }

        public Builder libraries(String family, LibrariesPackaging packaging) {
            this.packaging.put(family, packaging);
            return this;
        }

        public Builder padBytesPerWheel(long bytes) {
            this.padBytes = bytes;
            return this;
        }

        public Builder python(String python) {
            this.python = python;
            return this;
        }

        /** The run also builds {@code rocm-profiler}, so the agent's plan gets its profiler step. */
        public Builder withProfiler() {
            this.withProfiler = true;
            return this;
        }

        /** {@code rocm-sdk test} discovers no tests: {@code Ran 0 tests}, exit 0 (a false green). */
        public Builder discoversNoTests() {
            this.discoversTests = false;
            return this;
        }

        public SampleSpec build() {
            return new SampleSpec(version, families, defaultFamily, common, perFamily, this.packaging, padBytes, python,
                    withProfiler, discoversTests, runPackaging, omittedDeviceWheels);
        }

        public SampleOutput writeTo(Path outDir) throws IOException {
            return SamplePackages.write(build(), outDir);
        }
    }
}
