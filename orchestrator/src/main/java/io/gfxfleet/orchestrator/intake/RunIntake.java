package io.gfxfleet.orchestrator.intake;

import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.catalogue.TestMatrix;
import io.gfxfleet.protocol.messages.OfferLabels;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunId;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunLocation;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.Provenance;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.pep.Pep440Version;

import io.gfxfleet.protocol.url.IndexUrl;
import io.gfxfleet.protocol.url.Redaction;
import io.gfxfleet.protocol.url.RefusedUrl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a submitted run into a {@link NewRun}, or a {@link SubmissionRefused} naming the field at fault. */
public final class RunIntake {
    /** More than the catalogue's families; bounds the work one submission can ask for. */
    static final int MAX_FAMILIES = 64;
    /** In {@code python_versions}: the versions the run's platform is tested with. */
    public static final String DEFAULT_PYTHONS = "default";

    private final FamilyCatalogue catalogue;
    private final IndexAllowlist allowlist;

    /** The operator's allowed index prefixes, which the agent is also told with each job. */
    public IndexAllowlist allowlist() {
        return allowlist;
    }

    public RunIntake(FamilyCatalogue catalogue, IndexAllowlist allowlist) {
        this.catalogue = catalogue;
        this.allowlist = allowlist;
    }

    public FamilyCatalogue catalogue() {
        return catalogue;
    }

    public NewRun validate(RunSubmission s) {
        if (s == null) {
            throw new SubmissionRefused("body", "request body must be a JSON object");
        }
        if (!RunId.isValid(s.runId())) {
            throw new SubmissionRefused("run_id", "run_id must be 1-100 characters of [A-Za-z0-9._-] starting alphanumeric, got " + quote(s.runId()));
        }
        Platform platform;
        try {
            platform = s.platform() == null ? Platform.LINUX : Platform.parse(s.platform());
        } catch (IllegalArgumentException e) {
            throw new SubmissionRefused("platform", e.getMessage());
        }
        // A multi-arch run ({prefix}{run_id}-{platform}/python/, TheRock's --multiarch) has no artifact group.
        if (s.artifactGroup() != null && !RunLayout.isValidArtifactGroup(s.artifactGroup())) {
            throw new SubmissionRefused("artifact_group", "artifact_group must be 1-64 characters of [A-Za-z0-9._-] (or absent for a multi-arch run), got "
                    + quote(s.artifactGroup()));
        }
        RunPackaging packaging;
        try {
            packaging = RunPackaging.parseOptional(s.packaging());
        } catch (IllegalArgumentException e) {
            throw new SubmissionRefused("packaging", e.getMessage());
        }
        if (!Pep440Version.isValid(s.version())) {
            throw new SubmissionRefused("version", "version is not a PEP 440 version of at most " + Pep440Version.MAX_LENGTH
                    + " characters: " + quote(abbreviated(s.version())));
        }
        Priority priority;
        try {
            priority = s.priority() == null ? Priority.POSTSUBMIT : Priority.parse(s.priority());
        } catch (IllegalArgumentException e) {
            throw new SubmissionRefused("priority", e.getMessage());
        }
        List<String> families = families(s);
        String runIndex = url("run_index_url", s.runIndexUrl());
        String findLinks = url("find_links_url", s.findLinksUrl());
        String deps = url("deps_index_url", s.depsIndexUrl());
        if (runIndex == null && findLinks == null) {
            throw new SubmissionRefused("run_index_url", "one of run_index_url or find_links_url is required");
        }
        if (runIndex != null && findLinks != null) {
            throw new SubmissionRefused("find_links_url", "give run_index_url or find_links_url, not both");
        }
        if (runIndex != null && deps == null) {
            throw new SubmissionRefused("deps_index_url", "deps_index_url is required with run_index_url (the two-index pattern)");
        }
        for (String[] u : new String[][] {{"run_index_url", runIndex}, {"find_links_url", findLinks}, {"deps_index_url", deps}}) {
            if (u[1] != null) {
                java.util.Optional<String> why = allowlist.refusal(u[1]);
                if (why.isPresent()) {
                    throw new SubmissionRefused(u[0], u[0] + " is refused (" + why.get() + "): " + Redaction.redact(u[1]));
                }
            }
        }
        checkLocation("run_index_url", runIndex, s, platform);
        checkLocation("find_links_url", findLinks, s, platform);
        List<String> pythons = pythonVersions(s, platform);
        String image = image(s);
        List<String> required = new ArrayList<>(labels(s.labels()));
        required.add(OfferLabels.platform(platform.wireName()));
        if (image != null) {
            required.add(OfferLabels.image(image));
        }
        Provenance provenance = provenance(s.provenance());
        return new NewRun(s.runId(), platform, s.artifactGroup(), new Pep440Version(s.version()), priority,
                deps, runIndex, findLinks, families, List.of(), required, packaging, pythons, image, provenance);
    }

    /**
     * Where the run came from, checked as strictly as the dashboard needs: each part becomes a link
     * there, so a {@code javascript:} URL, markup or credentials never get into the store.
     */
    private static Provenance provenance(Provenance p) {
        if (p == null || p.nothingGiven()) {
            return null;
        }
        p.problem().ifPresent(problem -> {
            throw new SubmissionRefused(problem.field(), problem.message());
        });
        return p;
    }

    /**
     * The run's Python versions, one job per family for each. None named, or {@value #DEFAULT_PYTHONS},
     * is the versions the run's platform is tested with (the catalogue's test matrix), as TheRock
     * tests every family: a run without versions must not pass on one interpreter when the release
     * ships for three. (Agents that name no interpreters are taken to offer those same versions.)
     */
    private List<String> pythonVersions(RunSubmission s, Platform platform) {
        TestMatrix matrix = catalogue.testMatrix();
        if (s.pythonVersions() == null || s.pythonVersions().isEmpty()) {
            return matrix.tests(platform).pythonVersions();
        }
        if (s.pythonVersions().size() > 16) {
            throw new SubmissionRefused("python_versions", "python_versions may name at most 16 versions, got " + s.pythonVersions().size());
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String v : s.pythonVersions()) {
            if (DEFAULT_PYTHONS.equals(v)) {
                unique.addAll(matrix.tests(platform).pythonVersions());
            } else if (!matrix.knowsPython(v)) {
                throw new SubmissionRefused("python_versions", "unknown Python version " + quote(v) + "; known: "
                        + String.join(", ", matrix.knownPythonVersions()) + " (or '" + DEFAULT_PYTHONS + "')");
            } else {
                unique.add(v);
            }
        }
        return new ArrayList<>(unique);
    }

    private String image(RunSubmission s) {
        if (s.image() == null || s.image().isBlank()) {
            return null;
        }
        if (!catalogue.testMatrix().knowsImage(s.image())) {
            throw new SubmissionRefused("image", "unknown container image label " + quote(s.image()) + "; known: "
                    + String.join(", ", catalogue.testMatrix().knownImages()));
        }
        return s.image();
    }

    /**
     * An index URL inside a run folder ({@link RunLocation}) must be that run's: a typo in the run id
     * or a copied URL of another build would test the wrong packages under this run's name.
     */
    private static void checkLocation(String field, String url, RunSubmission s, Platform platform) {
        RunLocation.parse(url).ifPresent(loc -> {
            RunLayout l = loc.layout();
            if (!l.runId().equals(s.runId()) || l.platform() != platform) {
                throw new SubmissionRefused(field, field + " lies in the run folder of " + l.runId() + "-" + l.platform()
                        + ", not of run " + s.runId() + "-" + platform + ": " + url);
            }
            if (l.isMultiArch() != (s.artifactGroup() == null) || !l.isMultiArch() && !l.artifactGroup().equals(s.artifactGroup())) {
                throw new SubmissionRefused(field, field + " is " + (l.isMultiArch() ? "a multi-arch run's (no artifact group)"
                        : "artifact group " + l.artifactGroup() + "'s") + " but artifact_group is "
                        + quote(s.artifactGroup()) + ": " + url);
            }
        });
    }

    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
    private static final int MAX_LABELS = 16;

    /** Agent labels every job of the run requires (e.g. a runner pool name); bounded like agents' own. */
    private static List<String> labels(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_LABELS) {
            throw new SubmissionRefused("labels", "at most " + MAX_LABELS + " labels, got " + requested.size());
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String l : requested) {
            if (l == null || !LABEL.matcher(l).matches()) {
                throw new SubmissionRefused("labels", "a label must be 1-64 characters of [A-Za-z0-9._:-] starting alphanumeric, got " + quote(l));
            }
            unique.add(l);
        }
        return List.copyOf(unique);
    }

    private List<String> families(RunSubmission s) {
        List<String> requested = s.families();
        if (requested == null || requested.isEmpty()) {
            if (s.artifactGroup() == null) {
                throw new SubmissionRefused("families", "families is required for a multi-arch run (no artifact_group)");
            }
            if (catalogue.isFamily(s.artifactGroup())) {
                return List.of(s.artifactGroup());
            }
            throw new SubmissionRefused("families", "families is required when artifact_group '" + s.artifactGroup() + "' is not a family name");
        }
        if (requested.size() > MAX_FAMILIES) {
            throw new SubmissionRefused("families", "at most " + MAX_FAMILIES + " families per run, got " + requested.size());
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String f : requested) {
            if (!catalogue.isFamily(f)) {
                throw new SubmissionRefused("families", catalogue.unknownFamilyMessage(f));
            }
            unique.add(f);
        }
        return new ArrayList<>(unique);
    }

    private static String url(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            IndexUrl.parse(value);
        } catch (RefusedUrl e) {
            throw new SubmissionRefused(field, field + " is not an acceptable index URL (" + e.getMessage() + "): "
                    + quote(Redaction.redact(value)));
        }
        String path = value.contains("?") ? value.substring(0, value.indexOf('?')) : value;
        if (!path.endsWith("/") && !path.endsWith(".html")) {
            throw new SubmissionRefused(field, field + " must end with '/' (an index folder) or '.html' (a flat page): "
                    + quote(Redaction.redact(value)));
        }
        return value;
    }

    private static String abbreviated(String s) {
        return s != null && s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " characters)" : s;
    }

    private static String quote(String s) {
        // Bounded: a megabyte-long field must not come back in the error (nor fill the log).
        return s == null ? "nothing" : "'" + abbreviated(s) + "'";
    }
}
