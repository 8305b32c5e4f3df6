package io.gfxfleet.agent.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reasons not to trust a run's green: {@code rocm-sdk test} exits 0 when it skipped whole
 * components, when discovery failed, or when no test ran at all.
 */
final class RunProblems {
    private static final Pattern FAILED_IMPORT = Pattern.compile("Failed to import test module: (\\w+)");
    private final Set<String> expectedComponents;

    RunProblems(Set<String> expectedComponents) {
        this.expectedComponents = new TreeSet<>(expectedComponents);
    }

    List<String> find(StreamEnd end, boolean ranSeen, int ran, RunTotals totals, RunNotes notes,
                      Set<String> componentsSeen, boolean anyFailure, List<String> noOutcome) {
        List<String> problems = new ArrayList<>();
        // The final summary decides whether tests failed; without one, the results read do.
        boolean failed = totals != null ? !totals.ok() && !totals.noTestsRan() : anyFailure;
        if (end instanceof StreamEnd.Signalled || end instanceof StreamEnd.TimedOut) {
            problems.add("rocm-sdk test " + end.describe());
        } else if (end instanceof StreamEnd.Exited exited) {
            if (exited.exitCode() != 0 && !failed) {
                problems.add("rocm-sdk test exited with code " + exited.exitCode() + " although no test failed");
            } else if (exited.exitCode() == 0 && failed) {
                problems.add("rocm-sdk test exited with code 0 although tests failed");
            }
        }
        if (!ranSeen) {
            problems.add("no 'Ran N tests' line: the test run did not complete");
        } else if (ran == 0) {
            problems.add("Ran 0 tests");
        } else if (totals == null) {
            problems.add("no final OK/FAILED line after 'Ran " + ran + " tests'");
        }
        Set<String> reported = new TreeSet<>();
        if (notes.librariesSkipped() && expectedComponents.contains("libraries")) {
            problems.add("libraries tests were skipped although libraries were installed");
            reported.add("libraries");
        }
        if (notes.profilerSkipped() && expectedComponents.contains("profiler")) {
            problems.add("profiler tests were skipped although the profiler was installed");
            reported.add("profiler");
        }
        for (String component : expectedComponents) {
            if (!componentsSeen.contains(component) && !reported.contains(component)) {
                problems.add("expected component '" + component + "' produced no test");
            }
        }
        for (String errors : notes.discoveryErrors()) {
            problems.add("test discovery had errors: " + discoverySummary(errors));
        }
        if (!noOutcome.isEmpty()) {
            problems.add("no outcome printed for " + String.join(", ", noOutcome));
        }
        return problems;
    }

    private static String discoverySummary(String raw) {
        List<String> modules = new ArrayList<>();
        Matcher m = FAILED_IMPORT.matcher(raw);
        while (m.find()) {
            modules.add(m.group(1));
        }
        if (!modules.isEmpty()) {
            return "failed to import " + String.join(", ", modules);
        }
        return raw.length() > 500 ? raw.substring(0, 500) + " [...]" : raw;
    }
}
