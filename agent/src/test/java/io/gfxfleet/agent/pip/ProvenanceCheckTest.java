package io.gfxfleet.agent.pip;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provenance of find-links runs: exactly the files the page lists, whatever folder they are in. */
class ProvenanceCheckTest {
    private static final String V = "7.10.0";
    private static final String RUN = "https://therock-ci-artifacts.s3.amazonaws.com/123-linux/python/";

    @Test
    void aLegacyPerFamilyPageLinkingSharedWheelsOneFolderUpPassesExactlyForItsHrefs() {
        FindLinksPage page = FindLinksPage.parse("""
                <html><body>
                <a href="../rocm-7.10.0.tar.gz#sha256=aa">rocm-7.10.0.tar.gz</a>
                <a href="../rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl#sha256=bb">core</a>
                <a href='rocm_sdk_libraries_gfx94X_dcgpu-7.10.0-py3-none-linux_x86_64.whl'>libs</a>
                </body></html>
                """, RUN + "gfx94X-dcgpu/index.html");
        InstallReport listed = report(
                new InstallReport.Installed("rocm", V, RUN + "rocm-7.10.0.tar.gz"),
                new InstallReport.Installed("rocm-sdk-core", V, RUN + "rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl"),
                new InstallReport.Installed("rocm-sdk-libraries-gfx94X-dcgpu", V,
                        RUN + "gfx94X-dcgpu/rocm_sdk_libraries_gfx94X_dcgpu-7.10.0-py3-none-linux_x86_64.whl"));
        assertEquals(List.of(), ProvenanceCheck.violations(listed, page, V));

        // The shared folder holds another family's wheel too, but this page does not list it: caught.
        InstallReport unlisted = report(new InstallReport.Installed("rocm-sdk-libraries-gfx110X-all", V,
                RUN + "rocm_sdk_libraries_gfx110X_all-7.10.0-py3-none-linux_x86_64.whl"));
        List<String> problems = ProvenanceCheck.violations(unlisted, page, V);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("rocm-sdk-libraries-gfx110X-all") && problems.get(0).contains(RUN + "gfx94X-dcgpu/index.html"),
                problems.get(0));
    }

    @Test
    void aPageListingANonRocmFileIsNamedAndSoIsAnythingElseFromThePage() {
        FindLinksPage page = FindLinksPage.parse("""
                <a href="rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl">core</a>
                <a href="numpy-2.0.0-py3-none-any.whl">numpy</a>
                """, RUN + "index.html");
        InstallReport installed = report(
                new InstallReport.Installed("rocm-sdk-core", V, RUN + "rocm_sdk_core-7.10.0-py3-none-linux_x86_64.whl"),
                new InstallReport.Installed("numpy", "2.0.0", RUN + "numpy-2.0.0-py3-none-any.whl"),
                new InstallReport.Installed("rocm-sdk-devel", V, "https://pypi.example/rocm_sdk_devel-7.10.0-py3-none-any.whl"));
        List<String> problems = ProvenanceCheck.violations(installed, page, V);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("lists numpy-2.0.0-py3-none-any.whl, which is not a rocm package"), problems.get(0));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("numpy 2.0.0 (not a rocm package) came from")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("rocm-sdk-devel") && p.contains("pypi.example")), problems.toString());
    }

    @Test
    void theBootstrapMayBringNoRocmPackage() {
        assertEquals(List.of(), ProvenanceCheck.bootstrapViolations(report(
                new InstallReport.Installed("setuptools", "80.9.0", "http://deps/simple/setuptools/setuptools-80.9.0-py3-none-any.whl"))));
        assertEquals(1, ProvenanceCheck.bootstrapViolations(report(
                new InstallReport.Installed("rocm-sdk-core", V, "http://deps/simple/x.whl"))).size());
    }

    private static InstallReport report(InstallReport.Installed... installed) {
        return new InstallReport(List.of(installed));
    }
}
