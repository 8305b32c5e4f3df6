package io.gfxfleet.agent.parse;

import java.util.Set;

/**
 * A test as unittest names it in {@code <method> (<dotted>)}: Python 3.11+ prints
 * {@code module.Class.method} in the parentheses, 3.10 only {@code module.Class}
 * ({@link #legacyFormat()}). Class and module fixtures ({@code setUpClass (module.Class)},
 * {@code setUpModule (module)}) are not test methods and do not count in {@code Ran N}.
 */
public record UnitTestName(String method, String className, String testId, String component,
                           boolean fixture, boolean legacyFormat) {

    /** The class unittest uses for a test module that failed to import. */
    public static final String FAILED_IMPORT_CLASS = "unittest.loader._FailedTest";

    private static final Set<String> CLASS_FIXTURES = Set.of("setUpClass", "tearDownClass", "doClassCleanups");
    private static final Set<String> MODULE_FIXTURES = Set.of("setUpModule", "tearDownModule", "doModuleCleanups");

    public static UnitTestName of(String method, String dotted) {
        if (MODULE_FIXTURES.contains(method)) {
            return new UnitTestName(method, dotted, dotted + "." + method, componentOfModule(dotted), true, false);
        }
        if (CLASS_FIXTURES.contains(method)) {
            return new UnitTestName(method, dotted, dotted + "." + method,
                    componentOfModule(parentOf(dotted)), true, false);
        }
        boolean legacy = !dotted.endsWith("." + method);
        String className = legacy ? dotted : dotted.substring(0, dotted.length() - method.length() - 1);
        String component = className.equals(FAILED_IMPORT_CLASS)
                ? shortName(method)
                : componentOfModule(parentOf(className));
        return new UnitTestName(method, className, className + "." + method, component, false, legacy);
    }

    public boolean failedImport() {
        return className.equals(FAILED_IMPORT_CLASS);
    }

    private static String parentOf(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return dot < 0 ? dotted : dotted.substring(0, dot);
    }

    /** {@code rocm_sdk.tests.core_test} → {@code core}. */
    static String componentOfModule(String module) {
        return shortName(module.substring(module.lastIndexOf('.') + 1));
    }

    private static String shortName(String moduleName) {
        return moduleName.endsWith("_test") && moduleName.length() > "_test".length()
                ? moduleName.substring(0, moduleName.length() - "_test".length())
                : moduleName;
    }
}
