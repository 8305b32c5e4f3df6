package io.gfxfleet.agent.pip;

import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.List;

/**
 * The libraries package pip installed must be the job's family's. The {@code rocm} sdist picks
 * {@code rocm-sdk-libraries-<family>} on the installing machine (from the GPU it finds, or
 * {@code ROCM_SDK_TARGET_FAMILY}), and pip caches the wheel it built: a wrong detection, or a
 * wheel built earlier for another family, installs another family's libraries, whose tests then
 * pass without saying anything about this family.
 */
public final class InstalledFamilyCheck {
    static final String LIBRARIES_PREFIX = "rocm-sdk-libraries-";

    private InstalledFamilyCheck() {}

    /**
     * @param requireLibraries the step installs libraries into a fresh venv, so the report must
     *                         list them (an upgrade's report omits what was already installed)
     */
    public static List<String> violations(InstallReport report, String family, boolean requireLibraries) {
        String wanted = ProjectName.normalize(LIBRARIES_PREFIX + family);
        List<String> problems = new ArrayList<>();
        boolean found = false;
        for (InstallReport.Installed p : report.installed()) {
            if (!ProjectName.isValid(p.name())) {
                continue;
            }
            String name = ProjectName.normalize(p.name());
            if (!name.startsWith(LIBRARIES_PREFIX)) {
                continue;
            }
            if (name.equals(wanted)) {
                found = true;
            } else {
                problems.add("installed " + p.name() + " " + p.version() + ", but the job is for family " + family
                        + " (expected " + LIBRARIES_PREFIX + family + ")");
            }
        }
        if (requireLibraries && !found && problems.isEmpty()) {
            problems.add("pip installed no " + LIBRARIES_PREFIX + family + " although the step installs libraries");
        }
        return problems;
    }
}
