package io.gfxfleet.protocol.layout;

import java.util.regex.Pattern;

/**
 * Where a run's packages live, relative to the bucket (or local folder) root:
 * {@code {prefix}{run_id}-{platform}/python/{artifact_group}/dist/} for files and
 * {@code .../simple/} for its PEP 503 index; the deps-only base index sits at
 * {@link #DEPS_SIMPLE}.
 *
 * <p>A multi-arch run (TheRock's {@code --multiarch}, {@code artifactGroup} null) has no artifact
 * group: its files and their flat find-links page {@code index.html} lie directly in
 * {@code {prefix}{run_id}-{platform}/python/}, its PEP 503 tree in {@code .../python/simple/}.
 */
public record RunLayout(String prefix, String runId, Platform platform, String artifactGroup) {
    public static final String DEPS_ROOT = "python-deps/";
    public static final String DEPS_SIMPLE = DEPS_ROOT + "simple/";
    private static final Pattern GROUP = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*/)?$");

    public RunLayout {
        prefix = prefix == null ? "" : prefix;
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be empty or one folder ending in '/': '" + prefix + "'");
        }
        RunId.require(runId);
        if (platform == null) {
            throw new IllegalArgumentException("platform is required");
        }
        if (artifactGroup != null && !isValidArtifactGroup(artifactGroup)) {
            throw new IllegalArgumentException("artifact group must be 1-64 characters of [A-Za-z0-9._-] (not dist, simple): '"
                    + artifactGroup + "'");
        }
    }

    /** The group-less layout of a multi-arch run. */
    public static RunLayout multiArch(String prefix, String runId, Platform platform) {
        return new RunLayout(prefix, runId, platform, null);
    }

    public boolean isMultiArch() {
        return artifactGroup == null;
    }

    /** {@code {prefix}{run_id}-{platform}/python/}: the run's folder, without a group. */
    public String pythonRoot() {
        return prefix + runId + "-" + platform.wireName() + "/python/";
    }

    /** A group name; {@code dist} and {@code simple} would collide with a multi-arch run's folders. */
    public static boolean isValidArtifactGroup(String group) {
        return group != null && GROUP.matcher(group).matches() && !group.equals("dist") && !group.equals("simple");
    }

    /** {@code {prefix}{run_id}-{platform}/python/{group}/}, or the python folder of a multi-arch run. */
    public String groupRoot() {
        return isMultiArch() ? pythonRoot() : pythonRoot() + artifactGroup + "/";
    }

    /** Where the files and their flat page lie: {@code .../{group}/dist/}, or the multi-arch python folder itself. */
    public String distFolder() {
        return isMultiArch() ? pythonRoot() : groupRoot() + "dist/";
    }

    /** The relative way from a project page {@code simple/<project>/} back to {@link #distFolder()}. */
    public String fromProjectPageToFiles() {
        return isMultiArch() ? "../../" : "../../dist/";
    }

    /** The flat page pip's {@code --find-links} reads: {@code index.html} beside the files. */
    public String findLinksKey() {
        return distFolder() + "index.html";
    }

    public String simpleFolder() {
        return groupRoot() + "simple/";
    }

    /** Beside dist/: the machine-readable manifest that discovery looks for. */
    public String manifestKey() {
        return groupRoot() + "run.json";
    }
}
