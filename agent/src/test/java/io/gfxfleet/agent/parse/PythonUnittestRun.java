package io.gfxfleet.agent.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs real unittest modules the way {@code rocm-sdk test}'s {@code _do_test} does: a
 * {@code rocm_sdk.tests} package in a temp dir, base and core always, libraries/devel/profiler only
 * when their module exists (with the same NOTE lines otherwise), TextTestRunner on stdout,
 * stderr merged.
 */
record PythonUnittestRun(List<String> lines, int exitValue) {

    static final String DRIVER = String.join("\n",
            "import importlib.util, sys, unittest",
            "names = list(sys.argv[1:])",
            "def present(mod):",
            "    return importlib.util.find_spec(mod) is not None",
            "if present('rocm_sdk.tests.libraries_test'):",
            "    names.append('rocm_sdk.tests.libraries_test')",
            "else:",
            "    print('NOTE: Skipping libraries tests (not installed for this arch)')",
            "if present('rocm_sdk.tests.devel_test'):",
            "    names.append('rocm_sdk.tests.devel_test')",
            "if present('rocm_sdk.tests.profiler_test'):",
            "    names.append('rocm_sdk.tests.profiler_test')",
            "else:",
            "    print('NOTE: Skipping profiler tests (not installed)')",
            "loader = unittest.TestLoader()",
            "suite = unittest.TestSuite()",
            "for name in names:",
            "    suite.addTests(loader.loadTestsFromName(name))",
            "if loader.errors:",
            "    print(f'WARNING: Test discovery had errors: {loader.errors}')",
            "runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=3)",
            "result = runner.run(suite)",
            "if not result.wasSuccessful():",
            "    sys.exit(1)",
            "");

    /** Writes {@code rocm_sdk/tests/<name>.py} for each entry (name without .py). */
    static void writeTestPackage(Path root, Map<String, String> modules) throws IOException {
        Path tests = root.resolve("rocm_sdk").resolve("tests");
        Files.createDirectories(tests);
        Files.writeString(root.resolve("rocm_sdk").resolve("__init__.py"), "");
        Files.writeString(tests.resolve("__init__.py"), "");
        for (Map.Entry<String, String> module : modules.entrySet()) {
            Files.writeString(tests.resolve(module.getKey() + ".py"), module.getValue());
        }
    }

    static Process start(String python, Path root, List<String> alwaysModules) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, "-c", DRIVER));
        command.addAll(alwaysModules);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().remove("PYTHONPATH");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return builder.start();
    }

    static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static PythonUnittestRun run(String python, Path root, List<String> alwaysModules)
            throws IOException, InterruptedException {
        Process process = start(python, root, alwaysModules);
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = reader(process)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return new PythonUnittestRun(lines, process.waitFor());
    }

    static PythonUnittestRun run(Path root, String... alwaysModules) throws IOException, InterruptedException {
        return run("python3", root, List.of(alwaysModules));
    }

    StreamEnd end() {
        return StreamEnd.fromExitValue(exitValue);
    }

    String output() {
        return String.join("\n", lines);
    }
}
