package io.gfxfleet.agent.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * unittest's last line: {@code OK}, {@code OK (skipped=1)},
 * {@code FAILED (failures=a, errors=b, skipped=c, expected failures=d, unexpected successes=e)},
 * or (3.12+) {@code NO TESTS RAN}. Counts that the line omits are zero.
 */
public record RunTotals(boolean ok, boolean noTestsRan, int failures, int errors, int skipped,
                        int expectedFailures, int unexpectedSuccesses) {

    private static final Pattern LINE = Pattern.compile("^(OK|FAILED)(?: \\((.*)\\))?$");
    private static final Pattern COUNT = Pattern.compile("([a-z ]+)=(\\d{1,9})");

    public static Optional<RunTotals> parse(String line) {
        String text = line.strip();
        if (text.equals("NO TESTS RAN")) {
            return Optional.of(new RunTotals(false, true, 0, 0, 0, 0, 0));
        }
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int[] counts = new int[5];
        if (m.group(2) != null) {
            for (String part : m.group(2).split(", ")) {
                Matcher c = COUNT.matcher(part.strip());
                if (!c.matches()) {
                    return Optional.empty();
                }
                int index = switch (c.group(1)) {
                    case "failures" -> 0;
                    case "errors" -> 1;
                    case "skipped" -> 2;
                    case "expected failures" -> 3;
                    case "unexpected successes" -> 4;
                    default -> -1;
                };
                if (index >= 0) {
                    counts[index] = Integer.parseInt(c.group(2));
                }
            }
        }
        return Optional.of(new RunTotals(m.group(1).equals("OK"), false,
                counts[0], counts[1], counts[2], counts[3], counts[4]));
    }
}
