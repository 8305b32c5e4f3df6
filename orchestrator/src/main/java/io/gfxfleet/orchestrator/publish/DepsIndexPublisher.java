package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.hash.Sha256;

import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Adds distributions to the deps-only base index at {@link RunLayout#DEPS_SIMPLE}: each file sits
 * next to its project page ({@code python-deps/simple/<project>/<file>}), pages list everything
 * the index holds (earlier publishes included), and a file already there with the same digest is
 * skipped.
 *
 * <p>Refused before anything is written: any rocm package (the two-index invariant), and a file
 * whose name is already published with different bytes (published files are immutable: pip
 * caches and hash-pins them).
 */
public final class DepsIndexPublisher {
    private static final String ROOT = RunLayout.DEPS_SIMPLE;

    public DepsIndexResult publish(Path depsDir, ObjectTarget target) throws IOException {
        return publish(depsDir, target, PublishOptions.DEFAULT);
    }

    public DepsIndexResult publish(Path depsDir, ObjectTarget target, PublishOptions options) throws IOException {
        Planned p = plan(depsDir, Optional.of(target));
        return new DepsIndexResult(p.files, p.projects, p.plan.applyTo(target, options));
    }

    public DepsIndexResult dryRun(Path depsDir, Optional<ObjectTarget> target) throws IOException {
        Planned p = plan(depsDir, target);
        return new DepsIndexResult(p.files, p.projects, p.plan.compareWith(target));
    }

    private record Planned(PublishPlan plan, List<DistributionFile> files, SortedSet<String> projects) {}


    private Planned plan(Path depsDir, Optional<ObjectTarget> target) throws IOException {
        List<DistributionFile> files = DistributionFolder.read(depsDir);
        for (DistributionFile f : files) {
            if (ProjectName.isRocmPackage(f.project())) {
                throw new PublishRefusedException(f.fileName() + ": '" + f.project()
                        + "' is a rocm package; the deps index must never hold one (rocm packages go to a run index)");
            }
        }

        SortedMap<String, Map<String, IndexLink>> listing = existingListing(target);
        List<ObjectWrite> fileWrites = new ArrayList<>();
        List<ObjectWrite> metadataWrites = new ArrayList<>();
        SortedSet<String> touched = new TreeSet<>();
        for (DistributionFile f : files) {
            String key = ROOT + f.project() + "/" + f.fileName();
            if (target.isPresent()) {
                Optional<String> stored = target.get().sha256Of(key);
                if (stored.isPresent() && !stored.get().equals(f.sha256())) {
                    throw new PublishRefusedException(f.fileName() + ": already in the deps index with different "
                            + "content (sha256 " + stored.get() + ", new " + f.sha256()
                            + "); published files are immutable, publish a new version instead");
                }
            }
            fileWrites.add(ObjectWrite.ofFile(key, f));
            Optional<String> metadataSha = Optional.empty();
            if (f.kind() == DistributionKind.WHEEL) {
                ObjectWrite m = ObjectWrite.ofBody(key + ".metadata", f.metadata().raw(), ObjectTarget.METADATA,
                        ObjectWrite.Stage.METADATA);
                metadataWrites.add(m);
                metadataSha = Optional.of(m.sha256());
            }
            listing.computeIfAbsent(f.project(), k -> new TreeMap<>()).put(f.fileName(), IndexLink.of("", f, metadataSha));
            touched.add(f.project());
        }

        List<ObjectWrite> writes = new ArrayList<>(fileWrites);
        writes.addAll(metadataWrites);
        for (String project : touched) {
            writes.add(ObjectWrite.ofBody(ROOT + project + "/",
                    SimpleIndexPages.projectPage(project, new ArrayList<>(listing.get(project).values())),
                    ObjectTarget.HTML, ObjectWrite.Stage.PROJECT_PAGE));
        }
        writes.add(ObjectWrite.ofBody(ROOT, SimpleIndexPages.rootPage(listing.keySet()), ObjectTarget.HTML,
                ObjectWrite.Stage.ROOT_PAGE));
        return new Planned(new PublishPlan(writes), files, new TreeSet<>(listing.keySet()));
    }

    /** Distributions already in the index, per project, with what their links need. */
    private SortedMap<String, Map<String, IndexLink>> existingListing(Optional<ObjectTarget> target) throws IOException {
        SortedMap<String, Map<String, IndexLink>> listing = new TreeMap<>();
        if (target.isEmpty()) {
            return listing;
        }
        ObjectTarget t = target.get();
        List<String> keys = t.list(ROOT);
        java.util.Set<String> present = new java.util.HashSet<>(keys);
        for (String key : keys) {
            String[] parts = key.substring(ROOT.length()).split("/");
            if (parts.length != 2 || !(parts[1].endsWith(".whl") || parts[1].endsWith(".tar.gz"))) {
                continue;
            }
            DistributionFileName name;
            try {
                name = DistributionFileName.parse(parts[1]);
            } catch (PublishRefusedException e) {
                continue; // not ours to judge here: a foreign object is left as it is, unlisted
            }
            if (!name.project().equals(parts[0])) {
                continue;
            }
            Optional<String> metadataSha = Optional.empty();
            Optional<String> requiresPython = Optional.empty();
            if (present.contains(key + ".metadata")) {
                Optional<byte[]> raw = t.get(key + ".metadata");
                if (raw.isPresent()) {
                    metadataSha = Optional.of(Sha256.of(raw.get()));
                    requiresPython = CoreMetadata.parse(raw.get(), key + ".metadata").requiresPython();
                }
            }
            IndexLink link = new IndexLink("", parts[1], t.sha256Of(key), requiresPython, metadataSha);
            listing.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], link);
        }
        return listing;
    }
}
