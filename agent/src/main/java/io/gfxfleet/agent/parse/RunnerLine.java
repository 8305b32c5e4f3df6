package io.gfxfleet.agent.parse;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lines written by the runner and by {@code rocm-sdk test} itself rather than by a test. */
final class RunnerLine {
    static final String BLOCK_SEPARATOR = "=".repeat(70);
    static final String SECTION_SEPARATOR = "-".repeat(70);

    private static final Pattern RAN = Pattern.compile("^Ran (\\d{1,9}) tests? in \\d+(?:\\.\\d+)?s$");
    private static final Pattern DISCOVERY = Pattern.compile("^WARNING: Test discovery had errors: (.*)$", Pattern.DOTALL);

    private RunnerLine() {}

    static boolean isBlockSeparator(String line) {
        return line.stripTrailing().equals(BLOCK_SEPARATOR);
    }

    static boolean isSectionSeparator(String line) {
        return line.stripTrailing().equals(SECTION_SEPARATOR);
    }

    static OptionalInt ranCount(String line) {
        Matcher m = RAN.matcher(line.strip());
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    static boolean isLibrariesSkipped(String line) {
        return line.startsWith("NOTE: Skipping libraries tests");
    }

    static boolean isProfilerSkipped(String line) {
        return line.startsWith("NOTE: Skipping profiler tests");
    }

    static Optional<String> discoveryErrors(String line) {
        Matcher m = DISCOVERY.matcher(line);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
