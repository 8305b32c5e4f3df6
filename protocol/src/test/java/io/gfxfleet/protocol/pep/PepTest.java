package io.gfxfleet.protocol.pep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PepTest {
    @ParameterizedTest
    @ValueSource(strings = {"7.10.0", "7.10.0rc0", "7.10.0a20251124", "10.1.0a20260811+bkc.20260814",
            "7.10.0.dev0+efed3c3b", "1!2.0.post1"})
    void rocmVersionKindsArePep440(String v) {
        assertTrue(Pep440Version.isValid(v), v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "seven", "7.10.0-", "7.10.0+", "7..1", "7.10.0 ", "7.10.0;rm -rf /"})
    void garbageIsNot(String v) {
        assertFalse(Pep440Version.isValid(v), v);
        assertThrows(IllegalArgumentException.class, () -> new Pep440Version(v));
    }

    @Test
    void preReleasesAndLocalVersions() {
        assertTrue(new Pep440Version("7.10.0a20251124").isPreRelease());
        assertFalse(new Pep440Version("7.10.0").isPreRelease());
        assertEquals("10.1.0a20260811%2Bbkc.20260814", new Pep440Version("10.1.0a20260811+bkc.20260814").urlEscaped());
    }

    @Test
    void namesNormaliseAsPep503Says() {
        assertEquals("rocm-sdk-core", ProjectName.normalize("Rocm_SDK.core"));
        assertEquals("rocm-sdk-libraries-gfx94x-dcgpu", ProjectName.normalize("rocm_sdk_libraries_gfx94X_dcgpu"));
        assertThrows(IllegalArgumentException.class, () -> ProjectName.normalize("-bad"));
        assertTrue(ProjectName.isRocmPackage("rocm"));
        assertTrue(ProjectName.isRocmPackage("rocm_sdk_devel"));
        assertTrue(ProjectName.isRocmPackage("rocm-profiler"));
        assertFalse(ProjectName.isRocmPackage("rocmish"));
        assertFalse(ProjectName.isRocmPackage("setuptools"));
    }

    @Test
    void anOverlongVersionIsRefusedWithoutOverflowingTheStack() {
        // 8,001 characters of a valid shape: the regex alone recursed per character (StackOverflowError).
        String longVersion = "1" + ".0".repeat(4000);
        org.junit.jupiter.api.Assertions.assertFalse(Pep440Version.isValid(longVersion));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Pep440Version(longVersion));
    }
}
