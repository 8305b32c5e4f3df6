package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.orchestrator.publish.DistributionFile;
import io.gfxfleet.orchestrator.testkit.ProcessResult;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
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
import java.util.Map;
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
    void kpackRunIsShapedAsTheRockPublishesToday() throws Exception {
        String v = "7.13.0a20261201";
        SampleOutput out = SamplePackages.builder().version(v).kpack().families("gfx94X-dcgpu", "gfx110X-all")
                .withProfiler().writeTo(tmp);
        assertEquals(List.of("rocm-" + v + ".tar.gz",
                "rocm_profiler-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_core-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_devel-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_device_gfx1100-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_device_gfx1101-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_device_gfx1102-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_device_gfx1103-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_device_gfx942-" + v + "-py3-none-linux_x86_64.whl",
                "rocm_sdk_libraries-" + v + "-py3-none-linux_x86_64.whl"),
                out.distFiles().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of(), DistributionFile.inspect(out.distFiles().get(2)).metadata().requiresDist(),
                "TheRock's core wheel has no dependencies");
        DistributionFile device = DistributionFile.inspect(out.distFiles().get(8));
        assertEquals("rocm-sdk-device-gfx942", device.metadata().name());
        assertEquals(List.of("rocm-sdk-libraries==" + v), device.metadata().requiresDist());
        assertEquals(List.of("libraries", "devel", "profiler", "device", "device-gfx942", "device-gfx1100", "device-gfx1101",
                "device-gfx1102", "device-gfx1103", "device-all"), SamplePackages.extras(out.spec()));
        String pyproject = sdistEntry(out.distFiles().get(0), "rocm-" + v + "/pyproject.toml");
        assertTrue(pyproject.contains("requires = [\"setuptools>=70.2.0\"]"), pyproject);
        String distInfo = sdistEntry(out.distFiles().get(0), "rocm-" + v + "/src/rocm_sdk/_dist_info.py");
        assertTrue(distInfo.contains("AVAILABLE_TARGET_FAMILIES = [\"gfx942\",\"gfx1100\",\"gfx1101\",\"gfx1102\",\"gfx1103\"]"),
                "kpack: the available families are gfx targets\n" + distInfo);
        assertTrue(distInfo.contains("KPACK_SPLIT = True"), distInfo);
    }

    @Test
    void aKpackRunMayLeaveOutADeviceWheelOnlyOfItsOwnTargets() throws Exception {
        SampleOutput out = SamplePackages.builder().kpack().families("gfx110X-all").withoutDeviceWheel("gfx1102").writeTo(tmp);
        assertTrue(out.distFiles().stream().noneMatch(p -> p.getFileName().toString().startsWith("rocm_sdk_device_gfx1102")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SamplePackages.builder().kpack().families("gfx110X-all").withoutDeviceWheel("gfx942").build());
        assertTrue(e.getMessage().contains("not a target of [gfx110X-all]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SamplePackages.builder().families("gfx110X-all").withoutDeviceWheel("gfx1100").build());
        assertTrue(e.getMessage().contains("only a kpack run has device wheels"), e.getMessage());
    }

    @Test
    void legacyRunInstallsAndRunsNineteenTests() throws Exception {
        String v = "7.10.0a20261125";
        SampleOutput out = SamplePackages.builder().version(v).families("gfx94X-dcgpu").writeTo(tmp);
        PythonVenv venv = PythonVenv.create(tmp.resolve("venv"));
        Map<String, String> env = Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu");
        ProcessResult pip = venv.pip(List.of("install", "--no-index", "--find-links", out.dist().toString(),
                "--find-links", out.deps().toString(), "rocm[libraries]==" + v), env);
        assertEquals(0, pip.exitCode(), pip::describe);
        ProcessResult test = venv.run("rocm-sdk", List.of("test"), env);
        assertEquals(0, test.exitCode(), test::describe);
        assertTrue(test.output().contains("Ran 19 tests in "), "base 12 + core 4 + libraries 3: " + test.output());
        assertEquals(19, SampleTest.count(SampleTest.Component.LIBRARIES));
        assertEquals(27, SampleTest.count(SampleTest.Component.LIBRARIES, SampleTest.Component.DEVEL));
        assertEquals(20, SampleTest.count(SampleTest.Component.PROFILER));
    }

    static String sdistEntry(Path sdist, String name) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(sdist))) {
            byte[] tar = in.readAllBytes();
            for (int off = 0; off + 512 <= tar.length; ) {
                String entry = new String(tar, off, 100, StandardCharsets.UTF_8).replace("\0", "");
                if (entry.isEmpty()) {
                    break;
                }
                long size = Long.parseLong(new String(tar, off + 124, 11, StandardCharsets.UTF_8).trim(), 8);
                if (entry.equals(name)) {
                    return new String(tar, off + 512, (int) size, StandardCharsets.UTF_8);
                }
                off += 512 + (int) ((size + 511) / 512 * 512);
            }
        }
        throw new AssertionError(name + " is not in " + sdist);
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
