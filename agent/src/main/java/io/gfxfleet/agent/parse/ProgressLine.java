package io.gfxfleet.agent.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of a test in verbose output: {@code <method> (<dotted>) ... <afterDots>}. When the test
 * has a docstring, the description stands alone ({@code afterDots == null}) and the docstring's first
 * line follows with the {@code " ... "}. {@code afterDots} is whatever followed on the same line:
 * a status, test output, or (Python 3.10, after failing subTests) the next test's description.
 */
public record ProgressLine(UnitTestName name, String afterDots) {

    static final String DESCRIPTION = "(\\w+) \\(([\\w.]+)\\)";
    private static final Pattern LINE = Pattern.compile(
            "^" + DESCRIPTION + "(?:( \\.\\.\\.)(?: (.*))?)? ?$", Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

    public static Optional<ProgressLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        String after = m.group(3) == null ? null : (m.group(4) == null ? "" : m.group(4));
        return Optional.of(new ProgressLine(UnitTestName.of(m.group(1), m.group(2)), after));
    }

    /** Splits a docstring line {@code <doc> ... <afterDots>}; empty when it has no {@code " ..."}. */
    public static Optional<String> afterDocstring(String line) {
        // Prefer a status at the end, since the docstring itself may contain " ... ".
        int last = line.lastIndexOf(" ... ");
        if (last >= 0 && StatusWord.parse(line.substring(last + 5)).isPresent()) {
            return Optional.of(line.substring(last + 5));
        }
        int first = line.indexOf(" ... ");
        if (first >= 0) {
            return Optional.of(line.substring(first + 5));
        }
        String trimmed = line.stripTrailing();
        return trimmed.endsWith(" ...") ? Optional.of("") : Optional.empty();
    }
}
