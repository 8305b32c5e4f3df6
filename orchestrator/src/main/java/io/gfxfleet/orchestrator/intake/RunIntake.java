package io.gfxfleet.orchestrator.intake;

import io.gfxfleet.orchestrator.http.BadRequest;
import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunId;
import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunLocation;
import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.messages.Priority;
import io.gfxfleet.protocol.messages.RunSubmission;
import io.gfxfleet.protocol.pep.Pep440Version;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a submitted run into a {@link NewRun}, or a {@link BadRequest} naming the field at fault. */
public final class RunIntake {
    private final FamilyCatalogue catalogue;
    private final IndexAllowlist allowlist;

    public RunIntake(FamilyCatalogue catalogue, IndexAllowlist allowlist) {
        this.catalogue = catalogue;
        this.allowlist = allowlist;
    }

    public NewRun validate(RunSubmission s) {
        if (s == null) {
            throw new BadRequest("body", "request body must be a JSON object");
        }
        if (!RunId.isValid(s.runId())) {
            throw new BadRequest("run_id", "run_id must be 1-100 characters of [A-Za-z0-9._-] starting alphanumeric, got " + quote(s.runId()));
        }
        Platform platform;
        try {
            platform = s.platform() == null ? Platform.LINUX : Platform.parse(s.platform());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("platform", e.getMessage());
        }
        // A multi-arch run ({prefix}{run_id}-{platform}/python/, TheRock's --multiarch) has no artifact group.
        if (s.artifactGroup() != null && !RunLayout.isValidArtifactGroup(s.artifactGroup())) {
            throw new BadRequest("artifact_group", "artifact_group must be 1-64 characters of [A-Za-z0-9._-] (or absent for a multi-arch run), got "
                    + quote(s.artifactGroup()));
        }
        RunPackaging packaging;
        try {
            packaging = RunPackaging.parseOptional(s.packaging());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("packaging", e.getMessage());
        }
        if (!Pep440Version.isValid(s.version())) {
            throw new BadRequest("version", "version is not a PEP 440 version: " + quote(s.version()));
        }
        Priority priority;
        try {
            priority = s.priority() == null ? Priority.POSTSUBMIT : Priority.parse(s.priority());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("priority", e.getMessage());
        }
        List<String> families = families(s);
        String runIndex = url("run_index_url", s.runIndexUrl());
        String findLinks = url("find_links_url", s.findLinksUrl());
        String deps = url("deps_index_url", s.depsIndexUrl());
        if (runIndex == null && findLinks == null) {
            throw new BadRequest("run_index_url", "one of run_index_url or find_links_url is required");
        }
        if (runIndex != null && findLinks != null) {
            throw new BadRequest("find_links_url", "give run_index_url or find_links_url, not both");
        }
        if (runIndex != null && deps == null) {
            throw new BadRequest("deps_index_url", "deps_index_url is required with run_index_url (the two-index pattern)");
        }
        for (String[] u : new String[][] {{"run_index_url", runIndex}, {"find_links_url", findLinks}, {"deps_index_url", deps}}) {
            if (u[1] != null && !allowlist.permits(u[1])) {
                throw new BadRequest(u[0], u[0] + " is not under an allowed index prefix: " + u[1]);
            }
        }
        checkLocation("run_index_url", runIndex, s, platform);
        checkLocation("find_links_url", findLinks, s, platform);
        return new NewRun(s.runId(), platform, s.artifactGroup(), new Pep440Version(s.version()), priority,
                deps, runIndex, findLinks, families, List.of(), labels(s.labels()), packaging);
    }

    /**
     * An index URL inside a run folder ({@link RunLocation}) must be that run's: a typo in the run id
     * or a copied URL of another build would test the wrong packages under this run's name.
     */
    private static void checkLocation(String field, String url, RunSubmission s, Platform platform) {
        RunLocation.parse(url).ifPresent(loc -> {
            RunLayout l = loc.layout();
            if (!l.runId().equals(s.runId()) || l.platform() != platform) {
                throw new BadRequest(field, field + " lies in the run folder of " + l.runId() + "-" + l.platform()
                        + ", not of run " + s.runId() + "-" + platform + ": " + url);
            }
            if (l.isMultiArch() != (s.artifactGroup() == null) || !l.isMultiArch() && !l.artifactGroup().equals(s.artifactGroup())) {
                throw new BadRequest(field, field + " is " + (l.isMultiArch() ? "a multi-arch run's (no artifact group)"
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
            throw new BadRequest("labels", "at most " + MAX_LABELS + " labels, got " + requested.size());
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String l : requested) {
            if (l == null || !LABEL.matcher(l).matches()) {
                throw new BadRequest("labels", "a label must be 1-64 characters of [A-Za-z0-9._:-] starting alphanumeric, got " + quote(l));
            }
            unique.add(l);
        }
        return List.copyOf(unique);
    }

    private List<String> families(RunSubmission s) {
        List<String> requested = s.families();
        if (requested == null || requested.isEmpty()) {
            if (s.artifactGroup() == null) {
                throw new BadRequest("families", "families is required for a multi-arch run (no artifact_group)");
            }
            if (catalogue.isFamily(s.artifactGroup())) {
                return List.of(s.artifactGroup());
            }
            throw new BadRequest("families", "families is required when artifact_group '" + s.artifactGroup() + "' is not a family name");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String f : requested) {
            if (!catalogue.isFamily(f)) {
                throw new BadRequest("families", catalogue.unknownFamilyMessage(f));
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
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
                throw new BadRequest(field, field + " must be an http, https or file URL, got " + quote(value));
            }
            if (!value.endsWith("/") && !value.endsWith(".html")) {
                throw new BadRequest(field, field + " must end with '/' (an index folder) or '.html' (a flat page): " + quote(value));
            }
            return value;
        } catch (URISyntaxException e) {
            throw new BadRequest(field, field + " is not a valid URL: " + e.getMessage());
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
