package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        Path real = dir.toRealPath();
        for (Path p : entries) {
            if (Files.isSymbolicLink(p) && !insideFolder(p, real)) {
                // The folder is what CI built; a link out of it would publish some other file.
                throw new PublishRefusedException(dir + ": '" + p.getFileName() + "' is a symbolic link out of the folder");
            }
            if (Files.isDirectory(p)) {
                throw new PublishRefusedException(dir + ": unexpected sub-folder '" + p.getFileName()
                        + "' (a package folder holds only .whl and .tar.gz files)");
            }
        }
        List<DistributionFile> out = inspectAll(entries);
        if (out.isEmpty()) {
            throw new PublishRefusedException("package folder " + dir + " holds no distributions");
        }
        return out;
    }

    private static boolean insideFolder(Path link, Path realFolder) {
        try {
            return link.toRealPath().startsWith(realFolder);
        } catch (IOException e) {
            return false;  // dangling
        }
    }

    /**
     * Inspects the files on every core: hashing is most of a publish's CPU before the first byte
     * goes out. The first refusal in name order wins, so messages do not depend on timing.
     */
    private static List<DistributionFile> inspectAll(List<Path> files) throws IOException {
        int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            List<DistributionFile> out = new ArrayList<>();
            for (Path p : files) {
                out.add(DistributionFile.inspect(p));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, new NamedThreads("gfxfleet-inspect"));
        try {
            // Largest first, so one big wheel is not left for last on a single core.
            List<Path> bySize = new ArrayList<>(files);
            Map<Path, Long> sizes = new HashMap<>();
            for (Path p : files) {
                sizes.put(p, Files.size(p));
            }
            bySize.sort(Comparator.comparing(sizes::get).reversed());
            Map<Path, Future<DistributionFile>> byPath = new HashMap<>();
            for (Path p : bySize) {
                byPath.put(p, pool.submit(() -> DistributionFile.inspect(p)));
            }
            List<DistributionFile> out = new ArrayList<>();
            for (Path p : files) {
                out.add(await(byPath.get(p)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DistributionFile await(Future<DistributionFile> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the package folder", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        }
    }

    /** TheRock's convention: use {@code dir/dist/} when it exists, else {@code dir} itself. */
    public static Path resolvePackagesDir(Path dir) {
        Path dist = dir.resolve("dist");
        return Files.isDirectory(dist) ? dist : dir;
    }
}
