package io.gfxfleet.agent.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first line of a summary block: {@code ERROR: <method> (<dotted>) [<msg>] (<params>)},
 * {@code FAIL: ...}, or (3.11+) {@code UNEXPECTED SUCCESS: ...}. {@code subTestDescription} is
 * null for the method itself.
 */
public record SummaryHeader(Kind kind, UnitTestName name, String subTestDescription) {

    public enum Kind { ERROR, FAIL, UNEXPECTED_SUCCESS }

    private static final Pattern LINE = Pattern.compile(
            "^(ERROR|FAIL|UNEXPECTED SUCCESS): " + ProgressLine.DESCRIPTION + "(?: ([\\[(].*))?$",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

    public static Optional<SummaryHeader> parse(String line) {
        Matcher m = LINE.matcher(line.stripTrailing());
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = Kind.valueOf(m.group(1).replace(' ', '_'));
        return Optional.of(new SummaryHeader(kind, UnitTestName.of(m.group(2), m.group(3)), m.group(4)));
    }
}
