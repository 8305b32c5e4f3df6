package io.gfxfleet.orchestrator.samples;

import io.gfxfleet.orchestrator.testkit.ProcessResult;
import io.gfxfleet.orchestrator.testkit.PythonVenv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcomes a spec chooses are what real {@code rocm-sdk test} runs produce, per family, on a
 * kpack run installed as TheRock's CI does ({@code --no-index --find-links}, device extras, a gfx
 * target pinned), with TheRock's test names and counts.
 */
class SampleOutcomesTest {
    private static final String V = "7.10.0rc0";
    @TempDir
    static Path tmp;
    private static SampleOutput samples;

    @BeforeAll
    static void build() throws Exception {
        samples = SamplePackages.builder().version(V).kpack().families("gfx94X-dcgpu", "gfx110X-all", "gfx120X-all")
                // Common to all families (the rocm sdist's table) ...
                .outcome(SampleTest.BASE_TARGETS, SampleOutcome.skip("needs offload-arch"))
                // ... and per family (the table in each of the family's device wheels).
                .outcome("gfx94X-dcgpu", SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.of(Outcome.SUBTEST_FAIL))
                .outcome("gfx94X-dcgpu", SampleTest.BASE_VERSION, SampleOutcome.of(Outcome.EXPECTED_FAILURE))
                .outcome("gfx94X-dcgpu", SampleTest.BASE_CLI, SampleOutcome.of(Outcome.UNEXPECTED_SUCCESS))
                .outcome("gfx94X-dcgpu", SampleTest.CORE_CONSOLE_SCRIPTS, SampleOutcome.error("amd-smi: no GPU found"))
                .outcome("gfx94X-dcgpu", SampleTest.DEVEL_INSTALLATION_LAYOUT, SampleOutcome.hugeOutput(2))
                .outcome("gfx110X-all", SampleTest.CORE_INSTALLATION_LAYOUT, SampleOutcome.of(Outcome.SEGFAULT))
                .libraries("gfx120X-all", LibrariesPackaging.NOT_FOR_THIS_ARCH)
                .withProfiler()
                .writeTo(tmp.resolve("samples"));
    }

    private static ProcessResult install(PythonVenv venv, String requirement, String target) throws Exception {
        return venv.pip(List.of("install", "--no-index", "--find-links", samples.dist().toString(),
                "--find-links", samples.deps().toString(), requirement), Map.of("ROCM_SDK_TARGET_FAMILY", target));
    }

    private static ProcessResult installAndTest(String extras, String target) throws Exception {
        PythonVenv venv = PythonVenv.create(tmp.resolve("venv-" + target + extras.length()));
        ProcessResult pip = install(venv, "rocm[" + extras + "]==" + V, target);
        assertEquals(0, pip.exitCode(), pip::describe);
        return venv.run("rocm-sdk", List.of("test"), Map.of("ROCM_SDK_TARGET_FAMILY", target));
    }

    @Test
    void everyKindOfResultInOneRun() throws Exception {
        ProcessResult r = installAndTest("libraries,devel,device-gfx942", "gfx942");
        String out = r.output();
        assertEquals(1, r.exitCode(), r::describe);
        assertTrue(out.contains("testTargets (rocm_sdk.tests.base_test.ROCmBaseTest.testTargets) ... skipped 'needs offload-arch'"), out);
        assertTrue(out.contains("... expected failure"), out);
        assertTrue(out.contains("testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ++ Exec ["), out);
        assertTrue(out.contains("unexpected success"), out);
        assertTrue(out.contains("[Check shared library loads] (so_path=PosixPath("), out);
        assertTrue(out.contains("ERROR: testConsoleScripts (rocm_sdk.tests.core_test.ROCmCoreTest.testConsoleScripts)"), out);
        assertTrue(out.contains("RuntimeError: amd-smi: no GPU found"), out);
        assertTrue(out.length() > 2 << 20, "huge output: " + out.length());
        assertTrue(out.contains("Ran 27 tests in "), "base 12 + core 4 + libraries 3 + devel 8");
        // The failing sub-test is an OSError, as a missing system library gives on TheRock's runners: an ERROR.
        assertTrue(out.contains("FAILED (errors=2, skipped=1, expected failures=1, unexpected successes=1)"),
                out.substring(out.length() - 400));
    }

    @Test
    void segfaultEndsTheStreamMidTest() throws Exception {
        ProcessResult r = installAndTest("libraries,device-gfx1100,device-gfx1101,device-gfx1102,device-gfx1103", "gfx1101");
        assertEquals(128 + 11, r.exitCode(), r::describe);
        assertTrue(r.output().stripTrailing().endsWith("The `rocm_sdk` and core module must be siblings on disk. ..."),
                r::describe);
    }

    @Test
    void deviceCodeNotForThisArchIsAFalseGreen() throws Exception {
        ProcessResult r = installAndTest("libraries,device-gfx1200,device-gfx1201", "gfx1201");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.output().contains("NOTE: Skipping libraries tests (not installed for this arch)"), r::describe);
        assertTrue(r.output().contains("Ran 16 tests in "), r::describe);
    }

    @Test
    void profilerOnlyVenvRunsTwenty() throws Exception {
        ProcessResult r = installAndTest("profiler", "gfx942");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.output().contains("test_rocprof_sys_console_scripts (rocm_sdk.tests.profiler_test.ROCmProfilerTest"), r::describe);
        assertTrue(r.output().contains("Ran 20 tests in "), "base 12 + core 4 + profiler 4: " + r.output());
    }

    /**
     * setup.py asks _dist_info for the target at build time; on a kpack build the available
     * "families" are gfx targets, so a family name is refused (checked on the file itself: a pip
     * build that fails the same way costs a build environment).
     */
    @Test
    void aFamilyNameIsRefusedAsTargetOfAKpackBuild() throws Exception {
        Path distInfo = tmp.resolve("_dist_info.py");
        java.nio.file.Files.writeString(distInfo, SamplePackagesTest.sdistEntry(samples.distFiles().get(0),
                "rocm-" + V + "/src/rocm_sdk/_dist_info.py"));
        List<String> ask = List.of(PythonVenv.PYTHON, "-c", "import runpy, sys; "
                + "print(runpy.run_path(sys.argv[1])['determine_target_family']())", distInfo.toString());
        ProcessResult family = io.gfxfleet.orchestrator.testkit.ChildProcess.run(ask,
                io.gfxfleet.orchestrator.testkit.IsolatedPipEnvironment.of(Map.of("ROCM_SDK_TARGET_FAMILY", "gfx94X-dcgpu")), tmp);
        assertEquals(1, family.exitCode(), family::describe);
        assertTrue(family.output().contains("ValueError: Requested ROCM_SDK_TARGET_FAMILY=gfx94X-dcgpu is not available in the "
                + "distribution (available: gfx942, gfx1100, gfx1101, gfx1102, gfx1103, gfx1200, gfx1201)"), family::describe);
        ProcessResult target = io.gfxfleet.orchestrator.testkit.ChildProcess.run(ask,
                io.gfxfleet.orchestrator.testkit.IsolatedPipEnvironment.of(Map.of("ROCM_SDK_TARGET_FAMILY", "gfx942")), tmp);
        assertEquals("gfx942", target.output().strip(), target::describe);
    }
}
