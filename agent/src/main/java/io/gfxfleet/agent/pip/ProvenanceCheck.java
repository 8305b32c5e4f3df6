package io.gfxfleet.agent.pip;

import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-index guarantee, checked after the fact from pip's own report: every rocm package
 * came from this run's folder, and nothing else did. A violation means another build's package
 * (or a runner-wide index) got in, and the job's results would describe the wrong bits.
 */
public final class ProvenanceCheck {
    private ProvenanceCheck() {}

    public static List<String> violations(InstallReport report, PackageSources sources, String version) {
        String runPrefix = sources.runFilesPrefix();
        List<String> problems = new ArrayList<>();
        for (InstallReport.Installed p : report.installed()) {
            boolean rocm = ProjectName.isValid(p.name()) && ProjectName.isRocmPackage(p.name());
            boolean fromRun = p.url().startsWith(runPrefix);
            if (rocm && !fromRun) {
                problems.add(p.name() + " " + p.version() + " came from " + p.url() + ", not from the run's index " + runPrefix);
            } else if (rocm && !p.version().equals(version)) {
                problems.add(p.name() + " is version " + p.version() + ", the run is " + version);
            } else if (!rocm && fromRun) {
                problems.add(p.name() + " " + p.version() + " (not a rocm package) came from the run's index " + p.url());
            }
        }
        return problems;
    }
}
