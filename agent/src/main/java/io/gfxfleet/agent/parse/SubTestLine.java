package io.gfxfleet.agent.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failing (or skipped) subTest in Python 3.11+ verbose output:
 * {@code   <method> (<dotted>) [<msg>] (<k>=<v>) ... FAIL}. The description is unittest's
 * {@code [msg] (k=v, ...)} suffix, or {@code (<subtest>)} when the subTest has neither.
 * With a docstring the status comes on the next line ({@code afterDots == null}).
 */
public record SubTestLine(UnitTestName name, String description, String afterDots) {

    private static final Pattern LINE = Pattern.compile(
            "^  " + ProgressLine.DESCRIPTION + " ([\\[(].*)$", Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

    public static Optional<SubTestLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        UnitTestName name = UnitTestName.of(m.group(1), m.group(2));
        String rest = m.group(3).stripTrailing();
        if (rest.endsWith(" ...")) {
            return Optional.of(new SubTestLine(name, rest.substring(0, rest.length() - 4), ""));
        }
        int dots = rest.lastIndexOf(" ... ");
        if (dots >= 0 && StatusWord.parse(rest.substring(dots + 5)).isPresent()) {
            return Optional.of(new SubTestLine(name, rest.substring(0, dots), rest.substring(dots + 5)));
        }
        return Optional.of(new SubTestLine(name, rest, null));
    }
}
