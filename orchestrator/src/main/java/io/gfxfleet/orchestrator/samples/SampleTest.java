package io.gfxfleet.orchestrator.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unittest methods of the sample {@code rocm-sdk test}: TheRock's own classes, methods and
 * counts (base 12, core 4, libraries 3, devel 8, profiler 4; THEROCK.md section 6). A test's
 * {@link #key()} ({@code core_test.testSharedLibrariesLoad}) selects it in a {@link SampleSpec};
 * {@link #unittestId()} is the id unittest prints for it.
 */
public enum SampleTest {
    BASE_CLI(Component.BASE, "testCLI"),
    BASE_VERSION(Component.BASE, "testVersion"),
    BASE_TARGETS(Component.BASE, "testTargets"),
    BASE_PRELOAD_LIBRARIES(Component.BASE, "test_initialize_process_preload_libraries"),
    BASE_ENV_PRELOAD_1(Component.BASE, "test_initialize_process_env_preload_1"),
    BASE_ENV_PRELOAD_2_COMMA(Component.BASE, "test_initialize_process_env_preload_2_comma"),
    BASE_ENV_PRELOAD_2_SEMI(Component.BASE, "test_initialize_process_env_preload_2_semi"),
    BASE_CHECK_VERSION(Component.BASE, "test_initialize_process_check_version"),
    BASE_CHECK_VERSION_ASTERISK(Component.BASE, "test_initialize_process_check_version_asterisk"),
    BASE_CHECK_VERSION_PATTERN(Component.BASE, "test_initialize_process_check_version_pattern"),
    BASE_CHECK_VERSION_MISMATCH(Component.BASE, "test_initialize_process_check_version_mismatch"),
    BASE_CHECK_VERSION_MISMATCH_WARNING(Component.BASE, "test_initialize_process_check_version_mismatch_warning"),
    CORE_INSTALLATION_LAYOUT(Component.CORE, "testInstallationLayout"),
    CORE_SHARED_LIBRARIES_LOAD(Component.CORE, "testSharedLibrariesLoad"),
    CORE_CONSOLE_SCRIPTS(Component.CORE, "testConsoleScripts"),
    CORE_PRELOAD_LIBRARIES(Component.CORE, "testPreloadLibraries"),
    LIBRARIES_INSTALLATION_LAYOUT(Component.LIBRARIES, "testInstallationLayout"),
    LIBRARIES_SHARED_LIBRARIES_LOAD(Component.LIBRARIES, "testSharedLibrariesLoad"),
    LIBRARIES_CONSOLE_SCRIPTS(Component.LIBRARIES, "testConsoleScripts"),
    DEVEL_INSTALLATION_LAYOUT(Component.DEVEL, "testInstallationLayout"),
    DEVEL_CLI_PATH_BIN(Component.DEVEL, "testCLIPathBin"),
    DEVEL_CLI_PATH_CMAKE(Component.DEVEL, "testCLIPathCMake"),
    DEVEL_CLI_PATH_ROOT(Component.DEVEL, "testCLIPathRoot"),
    DEVEL_CLI_USES_DEVEL_ROOT_PATH(Component.DEVEL, "testCLIUsesDevelRootPath"),
    DEVEL_ROOT_LLVM_SYMLINK_EXISTS(Component.DEVEL, "testRootLLVMSymlinkExists"),
    DEVEL_SHARED_LIBRARIES_LOAD(Component.DEVEL, "testSharedLibrariesLoad"),
    DEVEL_LIBRARIES_MIRRORED(Component.DEVEL, "testLibrariesMirroredIntoDevel"),
    /** Profiler tests run only in samples built {@link SampleSpec.Builder#withProfiler() with the profiler}. */
    PROFILER_INSTALLATION_LAYOUT(Component.PROFILER, "test_installation_layout"),
    PROFILER_LIBRARIES_RESOLVE(Component.PROFILER, "test_all_required_libraries_resolve"),
    PROFILER_UNVERSIONED_ALIASES(Component.PROFILER, "test_rocprof_sys_unversioned_library_aliases"),
    PROFILER_CONSOLE_SCRIPTS(Component.PROFILER, "test_rocprof_sys_console_scripts");

    /** A test module of {@code rocm_sdk.tests} and its TestCase class. */
    public enum Component {
        BASE("base_test", "ROCmBaseTest"),
        CORE("core_test", "ROCmCoreTest"),
        LIBRARIES("libraries_test", "ROCmLibrariesTest"),
        DEVEL("devel_test", "ROCmDevelTest"),
        PROFILER("profiler_test", "ROCmProfilerTest");

        private final String module;
        private final String testClass;

        Component(String module, String testClass) {
            this.module = module;
            this.testClass = testClass;
        }

        /** e.g. {@code core_test} */
        public String module() {
            return module;
        }

        /** e.g. {@code rocm_sdk.tests.core_test} */
        public String qualifiedModule() {
            return "rocm_sdk.tests." + module;
        }

        /** e.g. {@code ROCmCoreTest} */
        public String testClass() {
            return testClass;
        }
    }

    private final Component component;
    private final String method;

    SampleTest(Component component, String method) {
        this.component = component;
        this.method = method;
    }

    public Component component() {
        return component;
    }

    /** e.g. {@code testSharedLibrariesLoad} */
    public String method() {
        return method;
    }

    /** e.g. {@code core_test.testSharedLibrariesLoad}: the key of the outcome tables. */
    public String key() {
        return component.module() + "." + method;
    }

    /** e.g. {@code rocm_sdk.tests.core_test.ROCmCoreTest.testSharedLibrariesLoad} */
    public String unittestId() {
        return component.qualifiedModule() + "." + component.testClass() + "." + method;
    }

    public static List<SampleTest> of(Component component) {
        List<SampleTest> out = new ArrayList<>();
        for (SampleTest t : values()) {
            if (t.component == component) {
                out.add(t);
            }
        }
        return out;
    }

    /** How many tests {@code rocm-sdk test} runs with these components installed (base and core always run). */
    public static int count(Component... installed) {
        java.util.EnumSet<Component> components = java.util.EnumSet.of(Component.BASE, Component.CORE);
        components.addAll(List.of(installed));
        return (int) java.util.Arrays.stream(values()).filter(t -> components.contains(t.component)).count();
    }

    /** Accepts a full key ({@code core_test.testConsoleScripts}), a method name, or the enum name. */
    public static SampleTest parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException("unknown sample test '" + text
                + "'; known: " + java.util.Arrays.stream(values()).map(SampleTest::key).toList()));
    }

    private static Optional<SampleTest> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (SampleTest t : values()) {
            if (t.key().equals(text) || t.method.equals(text) || t.name().equalsIgnoreCase(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
