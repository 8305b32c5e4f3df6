package io.gfxfleet.agent.pip;

import io.gfxfleet.protocol.layout.RunPackaging;
import io.gfxfleet.protocol.pep.ProjectName;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The libraries package pip installed must be the job's family's. The {@code rocm} sdist picks
 * {@code rocm-sdk-libraries-<family>} on the installing machine (from the GPU it finds, or
 * {@code ROCM_SDK_TARGET_FAMILY}), and pip caches the wheel it built: a wrong detection, or a
 * wheel built earlier for another family, installs another family's libraries, whose tests then
 * pass without saying anything about this family.
 */
public final class InstalledFamilyCheck {
    static final String LIBRARIES_PREFIX = RunPackaging.LEGACY_LIBRARIES_PREFIX;
    static final String NEUTRAL_LIBRARIES = "rocm-sdk-libraries";
    static final String DEVICE_PREFIX = RunPackaging.DEVICE_PROJECT_PREFIX;

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

    /**
     * A kpack install's device wheels. {@code familyTargets}: the family's ISAs; {@code required}:
     * those present on this machine, whose device wheels must be installed.
     *
     * @param freshInstall the step installed into a fresh venv, so its report lists everything it
     *                     installed (an upgrade's report omits what was already there)
     */
    public static List<String> kpackViolations(InstallReport report, String family, List<String> familyTargets,
                                               List<String> required, boolean freshInstall) {
        List<String> problems = new ArrayList<>();
        Set<String> devices = new LinkedHashSet<>();
        boolean neutral = false;
        for (InstallReport.Installed p : report.installed()) {
            if (!ProjectName.isValid(p.name())) {
                continue;
            }
            String name = ProjectName.normalize(p.name());
            if (name.equals(NEUTRAL_LIBRARIES)) {
                neutral = true;
            } else if (name.startsWith(LIBRARIES_PREFIX)) {
                problems.add("installed the per-family " + p.name() + " " + p.version() + " on a kpack run (family "
                        + family + " is tested through " + NEUTRAL_LIBRARIES + " and its device wheels)");
            } else if (name.startsWith(DEVICE_PREFIX)) {
                String target = name.substring(DEVICE_PREFIX.length());
                String isa = familyTargets.stream().filter(t -> ProjectName.normalize(t).equals(target)).findFirst().orElse(null);
                if (isa == null) {
                    problems.add("installed " + p.name() + " " + p.version() + ", an ISA that family " + family
                            + " " + familyTargets + " does not have");
                } else {
                    devices.add(isa);
                }
            }
        }
        if (freshInstall) {
            if (!neutral) {
                problems.add("pip installed no " + NEUTRAL_LIBRARIES + " although the step installs libraries");
            }
            for (String target : required) {
                if (!devices.contains(target)) {
                    problems.add("pip installed no " + DEVICE_PREFIX + target + " for the " + target
                            + " on this machine (family " + family + ")");
                }
            }
        }
        return problems;
    }
}
