package io.gfxfleet.protocol.layout;

import java.util.regex.Pattern;

/**
 * Where a run's packages live, relative to the bucket (or local folder) root:
 * {@code {prefix}{run_id}-{platform}/python/{artifact_group}/dist/} for files and
 * {@code .../simple/} for its PEP 503 index; the deps-only base index sits at
 * {@link #DEPS_SIMPLE}.
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
        if (artifactGroup == null || !GROUP.matcher(artifactGroup).matches()) {
            throw new IllegalArgumentException("artifact group must be 1-64 characters of [A-Za-z0-9._-]: '" + artifactGroup + "'");
        }
    }

    public static boolean isValidArtifactGroup(String group) {
        return group != null && GROUP.matcher(group).matches();
    }

    /** {@code {prefix}{run_id}-{platform}/python/{group}/} */
    public String groupRoot() {
        return prefix + runId + "-" + platform.wireName() + "/python/" + artifactGroup + "/";
    }

    public String distFolder() {
        return groupRoot() + "dist/";
    }

    public String simpleFolder() {
        return groupRoot() + "simple/";
    }

    /** Beside dist/: the machine-readable manifest that discovery looks for. */
    public String manifestKey() {
        return groupRoot() + "run.json";
    }
}
