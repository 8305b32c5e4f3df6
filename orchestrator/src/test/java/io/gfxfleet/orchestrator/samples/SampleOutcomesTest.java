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

/** The outcomes a spec chooses are what real {@code rocm-sdk test} runs produce, per family. */
class SampleOutcomesTest {
    private static final String V = "7.10.0rc0";
    @TempDir
    static Path tmp;
    private static SampleOutput samples;

    @BeforeAll
    static void build() throws Exception {
        samples = SamplePackages.builder().version(V).families("gfx94X-dcgpu", "gfx110X-all", "gfx120X-all")
                // Common to all families (the rocm sdist's table) ...
                .outcome(SampleTest.BASE_TARGET_FAMILY, SampleOutcome.skip("needs offload-arch"))
                // ... and per family (each libraries wheel's table).
                .outcome("gfx94X-dcgpu", SampleTest.CORE_SHARED_LIBRARIES_LOAD, SampleOutcome.of(Outcome.SUBTEST_FAIL))
                .outcome("gfx94X-dcgpu", SampleTest.BASE_VERSION, SampleOutcome.of(Outcome.EXPECTED_FAILURE))
                .outcome("gfx94X-dcgpu", SampleTest.BASE_CLI, SampleOutcome.of(Outcome.UNEXPECTED_SUCCESS))
                .outcome("gfx94X-dcgpu", SampleTest.CORE_CONSOLE_SCRIPTS, SampleOutcome.error("amd-smi: no GPU found"))
                .outcome("gfx94X-dcgpu", SampleTest.DEVEL_IMPORT, SampleOutcome.hugeOutput(2))
                .outcome("gfx110X-all", SampleTest.CORE_INSTALLATION_LAYOUT, SampleOutcome.of(Outcome.SEGFAULT))
                .libraries("gfx120X-all", LibrariesPackaging.NOT_FOR_THIS_ARCH)
                .writeTo(tmp.resolve("samples"));
    }

    private static ProcessResult installAndTest(String family) throws Exception {
        PythonVenv venv = PythonVenv.create(tmp.resolve("venv-" + family));
        Map<String, String> env = Map.of("ROCM_SDK_TARGET_FAMILY", family);
        ProcessResult pip = venv.pip(List.of("install", "--no-index", "--find-links", samples.dist().toString(),
                "--find-links", samples.deps().toString(), "rocm[libraries,devel]==" + V), env);
        assertEquals(0, pip.exitCode(), pip::describe);
        return venv.run("rocm-sdk", List.of("test"), env);
    }

    @Test
    void everyKindOfResultInOneRun() throws Exception {
        ProcessResult r = installAndTest("gfx94X-dcgpu");
        String out = r.output();
        assertEquals(1, r.exitCode(), r::describe);
        assertTrue(out.contains("testTargetFamily (rocm_sdk.tests.base_test.ROCmBaseTest.testTargetFamily) ... skipped 'needs offload-arch'"), out);
        assertTrue(out.contains("... expected failure"), out);
        assertTrue(out.contains("testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ++ Exec ["), out);
        assertTrue(out.contains("unexpected success"), out);
        assertTrue(out.contains("[Check shared library loads] (so_path=PosixPath("), out);
        assertTrue(out.contains("ERROR: testConsoleScripts (rocm_sdk.tests.core_test.ROCmCoreTest.testConsoleScripts)"), out);
        assertTrue(out.contains("RuntimeError: amd-smi: no GPU found"), out);
        assertTrue(out.length() > 2 << 20, "huge output: " + out.length());
        assertTrue(out.contains("Ran 12 tests in "), out);
        assertTrue(out.contains("FAILED (failures=1, errors=1, skipped=1, expected failures=1, unexpected successes=1)"),
                out.substring(out.length() - 400));
    }

    @Test
    void segfaultEndsTheStreamMidTest() throws Exception {
        ProcessResult r = installAndTest("gfx110X-all");
        assertEquals(128 + 11, r.exitCode(), r::describe);
        assertTrue(r.output().stripTrailing().endsWith("The `rocm_sdk` and core module must be siblings on disk. ..."),
                r::describe);
    }

    @Test
    void librariesNotForThisArchIsAFalseGreen() throws Exception {
        ProcessResult r = installAndTest("gfx120X-all");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.output().contains("NOTE: Skipping libraries tests (not installed for this arch)"), r::describe);
        assertTrue(r.output().contains("Ran 9 tests in "), r::describe);
    }
}
