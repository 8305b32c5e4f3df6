package io.gfxfleet.agent.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * pip's cache as the agent lays it out: one {@code --cache-dir} per GPU family, whose HTTP cache
 * folders are links to one shared download cache.
 *
 * <p>Downloads may be shared: pip checks every file against the hash the index lists for it. The
 * wheel pip builds from the {@code rocm} sdist may not: its setup.py bakes in the family it picked,
 * and pip keys built wheels by the sdist's URL only, so a wheel built for one family would be
 * installed for another. Keeping built wheels per family (and per way of choosing it) keeps that
 * from happening while a family's second job, and the devel step after the libraries step, reuse
 * the wheel instead of building the sdist again in a fresh isolated build environment.
 */
final class PipCacheLayout {
    /** pip up to 23.2 keeps its HTTP cache in {@code http}, later versions in {@code http-v2}. */
    static final List<String> HTTP_CACHE_DIRS = List.of("http", "http-v2");
    private static final Pattern FAMILY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private PipCacheLayout() {}

    /**
     * The {@code --cache-dir} for jobs of {@code family}, made if missing. {@code pinned}: the job
     * sets ROCM_SDK_TARGET_FAMILY; otherwise setup.py chose from this machine's GPU, which is
     * another key (the same family name can come out of either).
     */
    static Path forFamily(Path root, String family, boolean pinned) throws IOException {
        if (family == null || !FAMILY.matcher(family).matches()) {
            throw new IOException("not a usable family name for a cache folder: '" + family + "'");
        }
        Path dir = root.resolve("families").resolve(family + (pinned ? "" : "+detected"));
        Files.createDirectories(dir);
        for (String http : HTTP_CACHE_DIRS) {
            Path shared = Files.createDirectories(root.resolve(http));
            Path link = dir.resolve(http);
            if (!Files.isSymbolicLink(link)) {
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    VenvFactory.deleteTree(link);
                }
                Files.createSymbolicLink(link, dir.relativize(shared));
            }
        }
        return dir;
    }
}
