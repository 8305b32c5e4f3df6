package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.orchestrator.publish.DistributionFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplePackagesTest {
    @TempDir
    Path tmp;

    @Test
    void buildsTheRockShapedFileNames() throws Exception {
        SampleOutput out = SamplePackages.builder().version("7.10.0a20261125").families("gfx94X-dcgpu", "gfx110X-all")
                .writeTo(tmp);
        assertEquals(List.of("rocm-7.10.0a20261125.tar.gz",
                "rocm_sdk_core-7.10.0a20261125-py3-none-linux_x86_64.whl",
                "rocm_sdk_devel-7.10.0a20261125-py3-none-linux_x86_64.whl",
                "rocm_sdk_libraries_gfx110X_all-7.10.0a20261125-py3-none-linux_x86_64.whl",
                "rocm_sdk_libraries_gfx94X_dcgpu-7.10.0a20261125-py3-none-linux_x86_64.whl"),
                out.distFiles().stream().map(p -> p.getFileName().toString()).toList());
        List<String> deps = out.depsFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(3, deps.size(), deps.toString());
        assertTrue(deps.get(0).equals("sample_runtime_dep-1.0.0-py3-none-any.whl"), deps.toString());
        assertTrue(deps.get(1).startsWith("setuptools-") && deps.get(2).startsWith("wheel-"), deps.toString());
        for (Path p : out.distFiles()) {
            DistributionFile.inspect(p); // name and metadata agree
        }
        DistributionFile libs = DistributionFile.inspect(out.distFiles().get(4));
        assertEquals("rocm-sdk-libraries-gfx94X-dcgpu", libs.metadata().name());
        assertEquals(List.of("rocm-sdk-core==7.10.0a20261125"), libs.metadata().requiresDist());
    }

    @Test
    void wheelRecordsMatchTheirContents() throws Exception {
        SampleOutput out = SamplePackages.builder().families("gfx94X-dcgpu").padBytesPerWheel(200_000).writeTo(tmp);
        for (Path wheel : out.distFiles()) {
            if (!wheel.toString().endsWith(".whl")) {
                continue;
            }
            try (ZipFile z = new ZipFile(wheel.toFile())) {
                ZipEntry record = z.stream().filter(e -> e.getName().endsWith(".dist-info/RECORD")).findFirst().orElseThrow();
                Set<String> listed = new HashSet<>();
                for (String line : new String(z.getInputStream(record).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String[] f = line.split(",", -1);
                    listed.add(f[0]);
                    if (f[0].equals(record.getName())) {
                        assertEquals("", f[1]);
                        continue;
                    }
                    byte[] body;
                    try (InputStream in = z.getInputStream(z.getEntry(f[0]))) {
                        body = in.readAllBytes();
                    }
                    String digest = Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
                    assertEquals("sha256=" + digest, f[1], wheel.getFileName() + "!" + f[0]);
                    assertEquals(String.valueOf(body.length), f[2], wheel.getFileName() + "!" + f[0]);
                }
                Set<String> entries = new HashSet<>();
                z.stream().forEach(e -> entries.add(e.getName()));
                assertEquals(entries, listed, wheel.getFileName().toString());
            }
            assertTrue(Files.size(wheel) > 200_000, "padding is incompressible: " + Files.size(wheel));
        }
    }

    @Test
    void sameSpecGivesByteIdenticalFiles() throws Exception {
        SampleSpec spec = SamplePackages.builder().families("gfx94X-dcgpu")
                .outcome("gfx94X-dcgpu", SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.of(Outcome.SUBTEST_FAIL))
                .padBytesPerWheel(70_000).build();
        SampleOutput a = SamplePackages.write(spec, tmp.resolve("a"));
        SampleOutput b = SamplePackages.write(spec, tmp.resolve("b"));
        for (int i = 0; i < a.distFiles().size(); i++) {
            assertEquals(-1, Files.mismatch(a.distFiles().get(i), b.distFiles().get(i)), a.distFiles().get(i).toString());
        }
    }

    @Test
    void rebuildingWithFewerFamiliesRemovesStaleWheels() throws Exception {
        SamplePackages.builder().families("gfx94X-dcgpu", "gfx110X-all").writeTo(tmp);
        SampleOutput out = SamplePackages.builder().families("gfx94X-dcgpu").writeTo(tmp);
        try (var s = Files.list(out.dist())) {
            assertEquals(4, s.count());
        }
    }

    @Test
    void specRefusesUnknownFamiliesAndTests() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamplePackages.builder()
                .families("gfx94X-dcgpu").outcome("gfx1201", SampleTest.BASE_CLI, SampleOutcome.pass()).build());
        assertTrue(e.getMessage().contains("'gfx1201'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SamplePackages.builder().families("bad family").build());
        assertTrue(e.getMessage().contains("invalid family name 'bad family'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleTest.parse("core_test.testNope"));
        assertTrue(e.getMessage().contains("unknown sample test 'core_test.testNope'"), e.getMessage());
        assertEquals(SampleTest.CORE_CONSOLE_SCRIPTS, SampleTest.parse("testConsoleScripts"));
        assertEquals("rocm_sdk.tests.core_test.ROCmCoreTest.testConsoleScripts", SampleTest.CORE_CONSOLE_SCRIPTS.unittestId());
    }
}
