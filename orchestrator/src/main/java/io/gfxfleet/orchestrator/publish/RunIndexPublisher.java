package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunManifest;
import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Publishes one run's rocm-only index: {@code {groupRoot}dist/<files>} with PEP 658
 * {@code <wheel>.metadata} objects and a flat {@code dist/index.html}, and the PEP 503 tree
 * {@code {groupRoot}simple/} whose links point back into {@code dist/}.
 *
 * <p>The run index holds only rocm packages, all of one version (the two-index invariant):
 * anything else is refused before a single object is written.
 */
public final class RunIndexPublisher {
    static final String FLAT_PAGE = "index.html";

    /** Base URL of manifests written without a known target URL (a dry run with no target). */
    static final String UNKNOWN_BASE_URL = "./";

    private final FamilyCatalogue catalogue;
    private final Optional<String> baseUrl;
    private final List<String> requestedFamilies;

    public RunIndexPublisher() {
        this(FamilyCatalogue.bundled());
    }

    /** @param catalogue restores a family's spelling (gfx94X) from a normalised wheel name (gfx94x) */
    public RunIndexPublisher(FamilyCatalogue catalogue) {
        this(catalogue, Optional.empty());
    }

    private RunIndexPublisher(FamilyCatalogue catalogue, Optional<String> baseUrl) {
        this(catalogue, baseUrl, List.of());
    }

    private RunIndexPublisher(FamilyCatalogue catalogue, Optional<String> baseUrl, List<String> requestedFamilies) {
        this.catalogue = catalogue;
        this.baseUrl = baseUrl;
        this.requestedFamilies = List.copyOf(requestedFamilies);
    }

    /**
     * The same publisher for a run built for exactly these families: each must be covered (its
     * libraries wheel, or on a kpack run a device wheel for every ISA), or the publish is refused.
     */
    public RunIndexPublisher withFamilies(List<String> families) {
        return new RunIndexPublisher(catalogue, baseUrl, families == null ? List.of() : families);
    }

    /**
     * The same publisher writing index URLs under {@code url} into {@code run.json} (by default the
     * target's own {@link ObjectTarget#baseUrl()}: a CDN in front of a bucket has another).
     */
    public RunIndexPublisher withBaseUrl(String url) {
        if (url == null || url.isBlank()) {
            return new RunIndexPublisher(catalogue, Optional.empty(), requestedFamilies);
        }
        return new RunIndexPublisher(catalogue, Optional.of(url.endsWith("/") ? url : url + "/"), requestedFamilies);
    }

    /** Validates {@code distDir} and writes the index to {@code target}, skipping unchanged objects. */
    public RunIndexResult publish(Path distDir, RunLayout layout, ObjectTarget target) throws IOException {
        return publish(distDir, layout, target, PublishOptions.DEFAULT);
    }

    public RunIndexResult publish(Path distDir, RunLayout layout, ObjectTarget target, PublishOptions options)
            throws IOException {
        Planned p = plan(distDir, layout, base(Optional.of(target)));
        return p.result(p.plan.applyTo(target, options));
    }

    /** Validates and reports what a publish would write; {@code target} (if given) is only read. */
    public RunIndexResult dryRun(Path distDir, RunLayout layout, Optional<ObjectTarget> target) throws IOException {
        return dryRun(distDir, layout, target, PublishOptions.DEFAULT);
    }

    public RunIndexResult dryRun(Path distDir, RunLayout layout, Optional<ObjectTarget> target, PublishOptions options)
            throws IOException {
        Planned p = plan(distDir, layout, base(target));
        return p.result(p.plan.compareWith(target, options));
    }

    /** The objects a publish of {@code distDir} consists of, in write order. */
    public PublishPlan planFor(Path distDir, RunLayout layout) throws IOException {
        return plan(distDir, layout, base(Optional.empty())).plan;
    }

    private String base(Optional<ObjectTarget> target) {
        return baseUrl.or(() -> target.flatMap(ObjectTarget::baseUrl)).orElse(UNKNOWN_BASE_URL);
    }

    private record Planned(PublishPlan plan, RunLayout layout, Pep440Version version, List<DistributionFile> files,
                           SortedSet<String> projects, RunFamilies families, RunManifest manifest) {
        RunIndexResult result(PublishPlan.ApplyOutcome outcome) {
            long bytes = files.stream().mapToLong(DistributionFile::size).sum();
            return new RunIndexResult(layout, version, files, bytes, projects, families.families(), manifest, outcome,
                    families.notes());
        }
    }

    private Planned plan(Path distDir, RunLayout layout, String base) throws IOException {
        List<DistributionFile> files = DistributionFolder.read(distDir);
        Pep440Version version = checkInvariant(files);
        RunFamilies families = RunFamilies.of(files, catalogue, requestedFamilies);

        List<ObjectWrite> fileWrites = new ArrayList<>();
        List<ObjectWrite> metadataWrites = new ArrayList<>();
        Map<String, List<IndexLink>> byProject = new TreeMap<>();
        List<IndexLink> flat = new ArrayList<>();
        for (DistributionFile f : files) {
            String key = layout.distFolder() + f.fileName();
            fileWrites.add(ObjectWrite.ofFile(key, f));
            Optional<String> metadataSha = Optional.empty();
            if (f.kind() == DistributionKind.WHEEL) {
                ObjectWrite m = ObjectWrite.ofBody(key + ".metadata", f.metadata().raw(), ObjectTarget.METADATA,
                        ObjectWrite.Stage.METADATA);
                metadataWrites.add(m);
                metadataSha = Optional.of(m.sha256());
            }
            byProject.computeIfAbsent(f.project(), k -> new ArrayList<>())
                    .add(IndexLink.of(layout.fromProjectPageToFiles(), f, metadataSha));
            flat.add(IndexLink.of("", f, metadataSha));
        }

        List<ObjectWrite> writes = new ArrayList<>(fileWrites);
        writes.addAll(metadataWrites);
        writes.add(ObjectWrite.ofBody(layout.findLinksKey(),
                SimpleIndexPages.flatPage("Links for " + layout.groupRoot(), flat), ObjectTarget.HTML,
                ObjectWrite.Stage.FLAT_PAGE));
        byProject.forEach((project, links) -> writes.add(ObjectWrite.ofBody(layout.simpleFolder() + project + "/",
                SimpleIndexPages.projectPage(project, links), ObjectTarget.HTML, ObjectWrite.Stage.PROJECT_PAGE)));
        writes.add(ObjectWrite.ofBody(layout.simpleFolder(), SimpleIndexPages.rootPage(byProject.keySet()),
                ObjectTarget.HTML, ObjectWrite.Stage.ROOT_PAGE));
        RunManifest manifest = new RunManifest(RunManifest.SCHEMA, layout.runId(), layout.platform(),
                layout.artifactGroup(), version.text(), List.copyOf(families.families()), base + layout.simpleFolder(),
                base + RunLayout.DEPS_SIMPLE, base + layout.findLinksKey(),
                files.stream().map(f -> new RunManifest.File(f.fileName(), f.sha256(), f.size())).toList(),
                families.packaging() == null ? null : families.packaging().wireName()).validated();
        writes.add(ObjectWrite.ofBody(layout.manifestKey(), manifest.toJson(), ObjectTarget.JSON,
                ObjectWrite.Stage.MANIFEST));
        return new Planned(new PublishPlan(writes), layout, version, files, new TreeSet<>(byProject.keySet()), families,
                manifest);
    }

    /** Only rocm packages, one version: returns that version. */
    static Pep440Version checkInvariant(List<DistributionFile> files) {
        DistributionFile first = null;
        for (DistributionFile f : files) {
            if (!ProjectName.isRocmPackage(f.project())) {
                throw new PublishRefusedException(f.fileName() + ": '" + f.project()
                        + "' is not a rocm package; a run index holds only rocm packages "
                        + "(dependencies belong in the deps index " + RunLayout.DEPS_SIMPLE + ")");
            }
            if (first == null) {
                first = f;
            } else if (!first.version().text().equals(f.version().text())) {
                throw new PublishRefusedException(f.fileName() + ": version " + f.version() + " differs from "
                        + first.version() + " of " + first.fileName() + "; a run index holds one version");
            }
        }
        if (first == null) {
            throw new PublishRefusedException("no distributions to publish");
        }
        return first.version();
    }
}
