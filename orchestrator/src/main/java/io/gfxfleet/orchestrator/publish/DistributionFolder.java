package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A build's package folder: every entry must be a valid wheel or sdist. */
public final class DistributionFolder {
    private DistributionFolder() {}

    /**
     * Inspects every file of {@code dir} (not recursive), sorted by file name.
     *
     * @throws PublishRefusedException for anything that is not a valid distribution (named),
     *                                 a sub-folder, or an empty folder
     */
    public static List<DistributionFile> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new PublishRefusedException("package folder " + dir + " does not exist or is not a folder");
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        List<DistributionFile> out = new ArrayList<>();
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                throw new PublishRefusedException(dir + ": unexpected sub-folder '" + p.getFileName()
                        + "' (a package folder holds only .whl and .tar.gz files)");
            }
            out.add(DistributionFile.inspect(p));
        }
        if (out.isEmpty()) {
            throw new PublishRefusedException("package folder " + dir + " holds no distributions");
        }
        return out;
    }

    /** TheRock's convention: use {@code dir/dist/} when it exists, else {@code dir} itself. */
    public static Path resolvePackagesDir(Path dir) {
        Path dist = dir.resolve("dist");
        return Files.isDirectory(dist) ? dist : dir;
    }
}
