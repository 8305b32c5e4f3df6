package io.gfxfleet.orchestrator.publish.mirror;

import io.gfxfleet.orchestrator.publish.DepsIndexPublisher;
import io.gfxfleet.orchestrator.publish.DepsIndexResult;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import io.gfxfleet.orchestrator.publish.PublishOptions;
import io.gfxfleet.protocol.layout.RunLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code deps sync}: brings the deps-only index up to a requirements file by mirroring each
 * pin's files from an upstream index. A file the index already holds with the upstream digest is
 * neither downloaded nor written; new files go through {@link DepsIndexPublisher}, so they are
 * validated (names, metadata, no rocm package) like any deps publish.
 */
public final class DepsMirror {
    /**
     * @param mirrored files downloaded and added
     * @param skipped  files already in the index with the same sha256
     * @param publish  the deps publish of the downloaded files, empty when nothing was new
     */
    public record Result(List<String> mirrored, List<String> skipped, Optional<DepsIndexResult> publish) {}

    public Result sync(List<PinnedRequirement> pins, UpstreamIndex upstream, ObjectTarget target, Path workDir,
                       PublishOptions options, boolean dryRun) throws IOException {
        Files.createDirectories(workDir);
        Path downloads = Files.createTempDirectory(workDir, "deps-sync");
        try {
            List<String> mirrored = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (PinnedRequirement pin : pins) {
                for (UpstreamIndex.Link link : upstream.files(pin)) {
                    String key = RunLayout.DEPS_SIMPLE + link.name().project() + "/" + link.name().fileName();
                    Optional<String> stored = target.sha256Of(key);
                    if (stored.isPresent() && stored.get().equals(link.sha256())) {
                        skipped.add(link.name().fileName());
                        continue;
                    }
                    if (!dryRun) {
                        upstream.download(link, downloads);
                    }
                    mirrored.add(link.name().fileName());
                }
            }
            Optional<DepsIndexResult> published = mirrored.isEmpty() || dryRun ? Optional.empty()
                    : Optional.of(new DepsIndexPublisher().publish(downloads, target, options));
            return new Result(mirrored, skipped, published);
        } finally {
            try (Stream<Path> s = Files.walk(downloads)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
