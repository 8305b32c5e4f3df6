package io.gfxfleet.agent.pip;

import io.gfxfleet.protocol.pep.Anchor;
import io.gfxfleet.protocol.pep.ProjectName;
import io.gfxfleet.protocol.pep.SimplePage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A run's flat find-links page as pip reads it: every {@code <a href>} resolved against the page's
 * own URL (so a legacy per-family page's {@code ../rocm_sdk_core-V.whl} names the shared wheel one
 * folder up), without its {@code #sha256=} fragment. The provenance check of a find-links run holds
 * exactly these files, and nothing else, as the run's.
 */
public record FindLinksPage(String url, List<File> files) {
    /** At most this many links are read from a page: a run holds a few dozen files. */
    static final int MAX_LINKS = 10_000;

    /** One linked file: its absolute URL without fragment, and its file name (decoded). */
    public record File(String url, String name) {
        /** The distribution name the file name starts with ({@code rocm_sdk_core} of a wheel, {@code rocm} of an sdist). */
        public String distribution() {
            int dash = name.indexOf('-');
            return dash > 0 ? name.substring(0, dash) : name;
        }

        public boolean isRocm() {
            String d = distribution();
            return ProjectName.isValid(d) && ProjectName.isRocmPackage(d);
        }
    }

    public FindLinksPage {
        files = List.copyOf(files);
    }

    public static FindLinksPage parse(String html, String pageUrl) {
        return of(SimplePage.parse(html, URI.create(pageUrl)));
    }

    /** The files {@code page} links to, each resolved as pip resolves it (against a {@code <base>} if any). */
    public static FindLinksPage of(SimplePage page) {
        List<File> files = new ArrayList<>();
        for (Anchor a : page.links()) {
            if (files.size() >= MAX_LINKS) {
                break;
            }
            URI resolved;
            try {
                resolved = a.resolve(page.base());
            } catch (IllegalArgumentException e) {
                continue; // pip would not follow it either
            }
            String s = resolved.toString();
            int hash = s.indexOf('#');
            String withoutFragment = hash < 0 ? s : s.substring(0, hash);
            String path = resolved.getRawPath() == null ? "" : resolved.getRawPath();
            String name = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty()) {
                files.add(new File(withoutFragment, name));
            }
        }
        return new FindLinksPage(page.url().toString(), files);
    }

    /** The (normalized) projects the page offers files of. */
    public Set<String> projects() {
        Set<String> projects = new LinkedHashSet<>();
        for (File f : files) {
            if (ProjectName.isValid(f.distribution())) {
                projects.add(ProjectName.normalize(f.distribution()));
            }
        }
        return projects;
    }

    /** Whether {@code url} (a download URL from pip's report) is one of the files this page lists. */
    public boolean lists(String url) {
        String u = url == null ? "" : url;
        int hash = u.indexOf('#');
        String withoutFragment = hash < 0 ? u : u.substring(0, hash);
        return files.stream().anyMatch(f -> f.url().equals(withoutFragment));
    }
}
