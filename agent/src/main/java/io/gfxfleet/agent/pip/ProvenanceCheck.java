package io.gfxfleet.agent.pip;

import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-index guarantee, checked after the fact from pip's own report: every rocm package
 * came from this run, and nothing else did. A violation means another build's package
 * (or a runner-wide index) got in, and the job's results would describe the wrong bits.
 * "From this run" is the run's folder for a PEP 503 run index, and exactly the files its page
 * lists for a find-links run (a legacy per-family page links shared wheels as {@code ../file.whl}).
 */
public final class ProvenanceCheck {
    private ProvenanceCheck() {}

    /** For a run index (the two-index pattern). */
    public static List<String> violations(InstallReport report, PackageSources sources, String version) {
        String runPrefix = sources.runFilesPrefix();
        return check(report, version, url -> url.startsWith(runPrefix), "the run's index " + runPrefix, List.of());
    }

    /**
     * For a find-links run: every rocm file pip installed is one the run's page lists, nothing else
     * came from the page, and the page lists no file that is not a rocm package (with
     * {@code --no-index} pip would take any of them as a dependency).
     */
    public static List<String> violations(InstallReport report, FindLinksPage page, String version) {
        List<String> listed = new ArrayList<>();
        for (FindLinksPage.File f : page.files()) {
            if (!f.isRocm()) {
                listed.add("the run's find-links page " + page.url() + " lists " + f.name() + ", which is not a rocm package");
            }
        }
        return check(report, version, page::lists, "the run's find-links page " + page.url(), listed);
    }

    /** For the bootstrap from the deps index (pip, setuptools, wheel): no rocm package may come in. */
    public static List<String> bootstrapViolations(InstallReport report) {
        List<String> problems = new ArrayList<>();
        for (InstallReport.Installed p : report.installed()) {
            if (ProjectName.isValid(p.name()) && ProjectName.isRocmPackage(p.name())) {
                problems.add(p.name() + " " + p.version() + " came in with pip/setuptools/wheel from " + p.url());
            }
        }
        return problems;
    }

    private static List<String> check(InstallReport report, String version, java.util.function.Predicate<String> fromRun,
                                      String runName, List<String> initial) {
        List<String> problems = new ArrayList<>(initial);
        for (InstallReport.Installed p : report.installed()) {
            boolean rocm = ProjectName.isValid(p.name()) && ProjectName.isRocmPackage(p.name());
            boolean ofRun = fromRun.test(p.url());
            if (rocm && !ofRun) {
                problems.add(p.name() + " " + p.version() + " came from " + p.url() + ", not from " + runName);
            } else if (rocm && !p.version().equals(version)) {
                problems.add(p.name() + " is version " + p.version() + ", the run is " + version);
            } else if (!rocm && ofRun) {
                problems.add(p.name() + " " + p.version() + " (not a rocm package) came from " + runName + ": " + p.url());
            }
        }
        return problems;
    }
}
