package io.gfxfleet.protocol.layout;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's index URL read back into its layout: which run, platform and artifact group a
 * find-links page or PEP 503 index belongs to. Understands the places packages are published:
 * <ul>
 *   <li>{@code .../{run_id}-{platform}/python/index.html} (or the folder): a multi-arch run,
 *       TheRock's {@code --multiarch} layout, no artifact group;</li>
 *   <li>{@code .../{run_id}-{platform}/python/{group}/index.html}: TheRock's per-group layout;</li>
 *   <li>{@code .../python/{group}/dist/index.html} and {@code .../python/{group}/simple/},
 *       {@code .../python/simple/}: what gfxfleet's {@code publish} writes.</li>
 * </ul>
 * The bucket may be virtual-hosted in either S3 form (see {@link S3Url}), path-style, a CDN or a
 * {@code file://} folder: only the path after the bucket's root matters.
 *
 * @param layout   the run folder the URL points into
 * @param flatPage true for a find-links page (or folder), false for a PEP 503 {@code simple/} index
 */
public record RunLocation(RunLayout layout, boolean flatPage) {
    private static final Pattern PATH = Pattern.compile(
            "^(?<base>.*/)?(?<run>[A-Za-z0-9][A-Za-z0-9._-]{0,99})-(?<platform>linux|windows)/python/(?<rest>.*)$");
    private static final Pattern GROUP_REST = Pattern.compile("^(?<group>[A-Za-z0-9][A-Za-z0-9._-]{0,63})/(?<tail>.*)$");

    /** The run layout of {@code url}, or empty when the URL is not in a run folder. */
    public static Optional<RunLocation> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String path = uri.getPath();
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches() || !RunId.isValid(m.group("run"))) {
            return Optional.empty();
        }
        Platform platform = Platform.parse(m.group("platform"));
        String rest = m.group("rest");
        String prefix = prefixOf(uri, m.group("base"));
        Optional<Boolean> multiArch = kind(rest);
        if (multiArch.isPresent()) {
            return Optional.of(new RunLocation(RunLayout.multiArch(prefix, m.group("run"), platform), multiArch.get()));
        }
        Matcher g = GROUP_REST.matcher(rest);
        if (!g.matches() || !RunLayout.isValidArtifactGroup(g.group("group"))) {
            return Optional.empty();
        }
        String tail = g.group("tail");
        boolean flat = tail.isEmpty() || tail.equals("index.html") || tail.equals("dist/") || tail.equals("dist/index.html");
        if (!flat && !tail.equals("simple/")) {
            return Optional.empty();
        }
        return Optional.of(new RunLocation(new RunLayout(prefix, m.group("run"), platform, g.group("group")), flat));
    }

    /** For the python folder itself: a flat page (true) or the multi-arch simple index (false). */
    private static Optional<Boolean> kind(String rest) {
        return switch (rest) {
            case "", "index.html" -> Optional.of(true);
            case "simple/" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * The one folder before the run folder when the bucket's root is known (virtual-hosted S3,
     * e.g. a fork's {@code owner-repo/}); otherwise the whole path before the run folder is the
     * bucket's side and the prefix is empty.
     */
    private static String prefixOf(URI uri, String base) {
        if (base == null || S3Url.bucket(uri).isEmpty()) {
            return "";
        }
        String inBucket = base.startsWith("/") ? base.substring(1) : base;
        return inBucket.matches("^[A-Za-z0-9][A-Za-z0-9._-]*/$") ? inBucket : "";
    }
}
