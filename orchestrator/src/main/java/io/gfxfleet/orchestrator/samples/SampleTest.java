package io.gfxfleet.orchestrator.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unittest methods of the sample {@code rocm-sdk test}, named like TheRock's. A test's
 * {@link #key()} ({@code core_test.testSharedLibrariesLoad}) selects it in a {@link SampleSpec};
 * {@link #unittestId()} is the id unittest prints for it.
 */
public enum SampleTest {
    BASE_CLI(Component.BASE, "testCLI"),
    BASE_VERSION(Component.BASE, "testVersion"),
    BASE_TARGET_FAMILY(Component.BASE, "testTargetFamily"),
    BASE_CORE_VERSION_PINNED(Component.BASE, "testCoreVersionPinned"),
    CORE_INSTALLATION_LAYOUT(Component.CORE, "testInstallationLayout"),
    CORE_SHARED_LIBRARIES_LOAD(Component.CORE, "testSharedLibrariesLoad"),
    CORE_CONSOLE_SCRIPTS(Component.CORE, "testConsoleScripts"),
    LIBRARIES_IMPORT(Component.LIBRARIES, "testLibrariesImport"),
    LIBRARIES_FAMILY(Component.LIBRARIES, "testLibrariesFamily"),
    LIBRARIES_SHARED_OBJECTS(Component.LIBRARIES, "testLibrariesSharedObjects"),
    DEVEL_IMPORT(Component.DEVEL, "testDevelImport"),
    DEVEL_LIBRARIES_MIRRORED(Component.DEVEL, "testLibrariesMirroredIntoDevel"),
    /** Only in samples built {@link SampleSpec.Builder#withProfiler() with the profiler}. */
    PROFILER_IMPORT(Component.PROFILER, "testProfilerImport");

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
