package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.catalogue.Family;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How a run's rocm packages are split and which GPU families they cover, read from its files.
 * <ul>
 *   <li>legacy: one {@code rocm-sdk-libraries-<family>} wheel per family;</li>
 *   <li>kpack: the arch-neutral {@code rocm-sdk-libraries} plus one {@code rocm-sdk-device-<gfx>}
 *       per ISA. A family is covered only when every ISA of it has its device wheel: a job for a
 *       family with a missing device wheel would install, skip that ISA's libraries tests and go
 *       green. Requested families must be complete ({@link PublishRefusedException} otherwise);
 *       without a request, the covered families are the catalogue's CI families whose ISAs are
 *       all present, and an incomplete CI family is named in {@link #notes()}.</li>
 * </ul>
 *
 * @param packaging null when the run holds no libraries at all
 */
public record RunFamilies(RunPackaging packaging, SortedSet<String> families, List<String> notes) {
    private static final String ARCH_NEUTRAL_LIBRARIES = "rocm-sdk-libraries";

    public RunFamilies {
        families = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(families));
        notes = List.copyOf(notes);
    }

    /** @param requested families the publisher was told the run is for (empty: work them out) */
    public static RunFamilies of(List<DistributionFile> files, FamilyCatalogue catalogue, List<String> requested) {
        SortedSet<String> legacy = new TreeSet<>();
        SortedSet<String> isas = new TreeSet<>();
        boolean archNeutral = false;
        for (DistributionFile f : files) {
            if (f.kind() != DistributionKind.WHEEL) {
                continue;
            }
            String p = f.project();
            if (p.equals(ARCH_NEUTRAL_LIBRARIES)) {
                archNeutral = true;
            } else if (p.startsWith(RunPackaging.DEVICE_PROJECT_PREFIX)) {
                isas.add(p.substring(RunPackaging.DEVICE_PROJECT_PREFIX.length()));
            } else if (p.startsWith(RunPackaging.LEGACY_LIBRARIES_PREFIX)) {
                legacy.add(legacyFamily(f, catalogue));
            }
        }
        if (!legacy.isEmpty() && (archNeutral || !isas.isEmpty())) {
            throw new PublishRefusedException("the run mixes legacy per-family libraries (" + String.join(", ", legacy)
                    + ") with kpack packages (rocm-sdk-libraries, rocm-sdk-device-*); publish them as two runs");
        }
        if (!isas.isEmpty() && !archNeutral) {
            throw new PublishRefusedException("kpack run without the arch-neutral rocm-sdk-libraries wheel, which every "
                    + "rocm-sdk-device-<gfx> wheel requires");
        }
        if (archNeutral || !isas.isEmpty()) {
            return kpack(isas, catalogue, requested);
        }
        if (legacy.isEmpty()) {
            return new RunFamilies(null, new TreeSet<>(requested), List.of());
        }
        for (String f : requested) {
            if (!legacy.contains(f)) {
                throw new PublishRefusedException("family " + f + " was requested but the run has no "
                        + RunPackaging.LEGACY_LIBRARIES_PREFIX + f + " wheel (it has " + String.join(", ", legacy) + ")");
            }
        }
        return new RunFamilies(RunPackaging.LEGACY, requested.isEmpty() ? legacy : new TreeSet<>(requested), List.of());
    }

    private static RunFamilies kpack(SortedSet<String> isas, FamilyCatalogue catalogue, List<String> requested) {
        if (!requested.isEmpty()) {
            for (String name : requested) {
                Family f = catalogue.family(name).orElseThrow(() -> new PublishRefusedException(
                        "unknown GPU family '" + name + "': a kpack run needs the catalogue to know a family's ISAs"));
                List<String> missing = missing(f, isas);
                if (!missing.isEmpty()) {
                    throw new PublishRefusedException("kpack run is missing " + devices(missing) + " for family " + name
                            + " (its ISAs: " + String.join(", ", f.targets()) + ")");
                }
            }
            return new RunFamilies(RunPackaging.KPACK, new TreeSet<>(requested), List.of());
        }
        SortedSet<String> covered = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        for (Family f : catalogue.families().values()) {
            if (f.ci().isEmpty() || f.targets().stream().noneMatch(isas::contains)) {
                continue;
            }
            List<String> missing = missing(f, isas);
            if (missing.isEmpty()) {
                covered.add(f.name());
            } else {
                notes.add("family " + f.name() + " left out: no " + devices(missing));
            }
        }
        return new RunFamilies(RunPackaging.KPACK, covered, notes);
    }

    private static List<String> missing(Family f, SortedSet<String> isas) {
        return f.targets().stream().filter(t -> !isas.contains(ProjectName.normalize(t))).toList();
    }

    private static String devices(List<String> isas) {
        return String.join(", ", isas.stream().map(t -> RunPackaging.DEVICE_PROJECT_PREFIX + t).toList());
    }

    /** The family's catalogue spelling (gfx94X) from a normalised wheel name (gfx94x), else the METADATA name's. */
    private static String legacyFamily(DistributionFile f, FamilyCatalogue catalogue) {
        String prefix = RunPackaging.LEGACY_LIBRARIES_PREFIX;
        String normalised = f.project().substring(prefix.length());
        Optional<String> known = catalogue.families().keySet().stream()
                .filter(name -> ProjectName.isValid(name) && ProjectName.normalize(name).equals(normalised))
                .findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        String name = f.metadata().name();
        return name.length() > prefix.length() ? name.substring(prefix.length()).replaceAll("[_.]+", "-") : normalised;
    }
}
