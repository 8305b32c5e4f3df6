package io.gfxfleet.protocol.layout;

import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.pep.Pep440Version;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code run.json}, written by {@code publish} beside a run's {@code dist/} ({@link RunLayout#manifestKey()}):
 * what the run holds and where pip finds it. The orchestrator's discovery reads it to create the run
 * without a {@code --register} call. It carries no timestamp, so re-publishing the same files writes
 * the same bytes.
 *
 * @param schema        {@link #SCHEMA}
 * @param runId         the build's run id
 * @param platform      linux or windows
 * @param artifactGroup the artifact group
 * @param version       the one version of every package in the run index
 * @param families      GPU families covered (from {@code rocm-sdk-libraries-<family>} wheels)
 * @param runIndexUrl   the run's PEP 503 index (ends in '/')
 * @param depsIndexUrl  the deps-only base index (ends in '/')
 * @param findLinksUrl  the flat {@code dist/index.html} page
 * @param files         every distribution, sorted by name
 * @param packaging     {@code kpack} or {@code legacy} ({@link RunPackaging}), as the files show; null in
 *                      manifests written before it was recorded
 */
public record RunManifest(int schema, String runId, Platform platform, String artifactGroup, String version,
                          List<String> families, String runIndexUrl, String depsIndexUrl, String findLinksUrl,
                          List<File> files, String packaging) {
    public static final int SCHEMA = 1;
    public static final String FILE_NAME = "run.json";
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    /** One distribution of the run. */
    public record File(String name, String sha256, long size) {}

    public RunManifest {
        families = families == null ? List.of() : List.copyOf(families);
        files = files == null ? List.of() : List.copyOf(files);
    }

    public RunManifest(int schema, String runId, Platform platform, String artifactGroup, String version, List<String> families,
                       String runIndexUrl, String depsIndexUrl, String findLinksUrl, List<File> files) {
        this(schema, runId, platform, artifactGroup, version, families, runIndexUrl, depsIndexUrl, findLinksUrl, files, null);
    }

    /**
     * Parses and validates a manifest; the message of the {@link IllegalArgumentException} names
     * the field at fault.
     */
    public static RunManifest parse(byte[] json) {
        RunManifest m;
        try {
            m = Json.MAPPER.readValue(json, RunManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("run.json is not a valid manifest: " + e.getMessage(), e);
        }
        if (m == null) {
            throw new IllegalArgumentException("run.json is empty");
        }
        return m.validated();
    }

    public RunManifest validated() {
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("run.json schema " + schema + " is not supported (expected " + SCHEMA + ")");
        }
        RunId.require(runId);
        if (platform == null) {
            throw new IllegalArgumentException("run.json: platform is required");
        }
        if (artifactGroup != null && !RunLayout.isValidArtifactGroup(artifactGroup)) {
            throw new IllegalArgumentException("run.json: invalid artifact_group '" + artifactGroup + "'");
        }
        RunPackaging.parseOptional(packaging);
        if (!Pep440Version.isValid(version)) {
            throw new IllegalArgumentException("run.json: version is not a PEP 440 version: '" + version + "'");
        }
        if (runIndexUrl == null || !runIndexUrl.endsWith("/")) {
            throw new IllegalArgumentException("run.json: run_index_url must end with '/': '" + runIndexUrl + "'");
        }
        if (depsIndexUrl == null || !depsIndexUrl.endsWith("/")) {
            throw new IllegalArgumentException("run.json: deps_index_url must end with '/': '" + depsIndexUrl + "'");
        }
        for (File f : files) {
            if (f == null || f.name() == null || f.name().isEmpty() || f.name().contains("/")) {
                throw new IllegalArgumentException("run.json: a file entry has no plain file name");
            }
            if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) {
                throw new IllegalArgumentException("run.json: file " + f.name() + " has no hex sha256");
            }
            if (f.size() < 0) {
                throw new IllegalArgumentException("run.json: file " + f.name() + " has a negative size");
            }
        }
        return this;
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serialises", e);
        }
    }

    /**
     * The run as the orchestrator's API takes it (same validation path for discovery and {@code --register}).
     * A multi-arch run is submitted as TheRock's CI installs it, through its find-links page.
     */
    public RunSubmission toSubmission(String priority) {
        boolean multiArch = artifactGroup == null;
        return new RunSubmission(runId, platform.wireName(), artifactGroup, version, depsIndexUrl,
                multiArch ? null : runIndexUrl, multiArch ? findLinksUrl : null, families.isEmpty() ? null : families,
                priority, null, packaging);
    }
}
