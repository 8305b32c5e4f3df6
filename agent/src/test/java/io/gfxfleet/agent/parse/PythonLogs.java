package io.gfxfleet.agent.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Saved logs of real unittest runs, for tests outside this package. */
public final class PythonLogs {
    private PythonLogs() {}

    /**
     * Runs the mixed-outcome base/core modules plus a module that fails to import with python3 and
     * saves the merged output as {@code dir/rocm-sdk-test.log}.
     */
    public static Path mixedRunLog(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("venv-site"));
        PythonUnittestRun.writeTestPackage(root, Map.of("base_test", TestModules.BASE_PASSING,
                "core_test", TestModules.CORE_MIXED));
        PythonUnittestRun run = PythonUnittestRun.run(root,
                "rocm_sdk.tests.base_test", "rocm_sdk.tests.core_test", "rocm_sdk.tests.missing_test");
        Path log = dir.resolve("rocm-sdk-test.log");
        Files.writeString(log, run.output() + "\n");
        return log;
    }
}
