package io.gfxfleet.agent.pip;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The false-green guard of a kpack install: device wheels cover the family's ISAs on this machine. */
class InstalledFamilyCheckTest {
    private static final String V = "7.10.0";
    private static final List<String> GFX110X = List.of("gfx1100", "gfx1101", "gfx1102", "gfx1103");

    @Test
    void theDeviceWheelsOfTheIsasOnThisMachineMustBeInstalled() {
        InstallReport ok = report("rocm", "rocm-sdk-core", "rocm-sdk-libraries", "rocm-sdk-device-gfx1100", "rocm-sdk-device-gfx1101");
        assertEquals(List.of(), InstalledFamilyCheck.kpackViolations(ok, "gfx110X-all", GFX110X, List.of("gfx1101"), true));

        List<String> missing = InstalledFamilyCheck.kpackViolations(ok, "gfx110X-all", GFX110X, List.of("gfx1101", "gfx1102"), true);
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("rocm-sdk-device-gfx1102"), missing.get(0));
    }

    @Test
    void anotherFamilysIsaOrAPerFamilyLibrariesWheelOrNoLibrariesIsNamed() {
        InstallReport wrong = report("rocm", "rocm-sdk-core", "rocm-sdk-libraries-gfx110X-all", "rocm-sdk-device-gfx942",
                "rocm-sdk-device-gfx1100");
        List<String> problems = InstalledFamilyCheck.kpackViolations(wrong, "gfx110X-all", GFX110X, List.of("gfx1100"), true);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("per-family rocm-sdk-libraries-gfx110X-all"), problems.get(0));
        assertTrue(problems.get(1).contains("rocm-sdk-device-gfx942"), problems.get(1));
        assertTrue(problems.get(2).contains("no rocm-sdk-libraries"), problems.get(2));
        // An upgrade step's report omits what the venv already had: only what came in is judged.
        assertEquals(List.of(), InstalledFamilyCheck.kpackViolations(report("rocm-sdk-devel"), "gfx110X-all", GFX110X,
                List.of("gfx1100"), false));
    }

    private static InstallReport report(String... names) {
        return new InstallReport(java.util.Arrays.stream(names).map(n -> new InstallReport.Installed(n, V, "u")).toList());
    }
}
