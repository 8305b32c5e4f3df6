package io.gfxfleet.orchestrator.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributionFileNameTest {
    @Test
    void parsesRocmWheelName() {
        DistributionFileName n = DistributionFileName.parse(
                "rocm_sdk_libraries_gfx94X_dcgpu-7.10.0a20251124-py3-none-linux_x86_64.whl");
        assertEquals(DistributionKind.WHEEL, n.kind());
        assertEquals("rocm-sdk-libraries-gfx94x-dcgpu", n.project());
        assertEquals("7.10.0a20251124", n.version().text());
        assertEquals(Optional.of("py3-none-linux_x86_64"), n.tags());
        assertEquals(Optional.empty(), n.buildTag());
    }

    @Test
    void parsesBuildTagAndLocalVersion() {
        DistributionFileName n = DistributionFileName.parse("rocm_sdk_core-7.10.0.dev0+efed3c3b-1-py3-none-linux_x86_64.whl");
        assertEquals("7.10.0.dev0+efed3c3b", n.version().text());
        assertEquals(Optional.of("1"), n.buildTag());
    }

    @Test
    void parsesSdistWithDashesInName() {
        DistributionFileName n = DistributionFileName.parse("rocm-sdk-extra-10.1.0a20260811+bkc.20260814.tar.gz");
        assertEquals(DistributionKind.SDIST, n.kind());
        assertEquals("rocm-sdk-extra", n.project());
        assertEquals("10.1.0a20260811+bkc.20260814", n.version().text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rocm_sdk_core-7.10.0-linux_x86_64.whl",           // too few parts
            "rocm_sdk_core-7.10.0-x-y-py3-none-any.whl",       // too many parts
            "rocm_sdk_core-not.a.version-py3-none-any.whl",    // bad version
            "rocm_sdk_core-7.10.0-build-py3-none-any.whl",     // build tag must start with a digit
            "rocm-sdk-core@-7.10.0-py3-none-any.whl",          // bad name
            "rocm.tar.gz",                                     // sdist without version
            "rocm-7.10.0.zip",                                 // not a format we publish
            "index.html",
            "../rocm-7.10.0.tar.gz"})
    void refusesWithTheFileNamed(String name) {
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFileName.parse(name));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
