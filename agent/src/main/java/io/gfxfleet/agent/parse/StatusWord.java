package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestStatus;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome word unittest's verbose runner writes after {@code " ... "}: {@code ok}, {@code FAIL},
 * {@code ERROR}, {@code skipped 'reason'}, {@code expected failure}, {@code unexpected success}.
 */
public record StatusWord(TestStatus status, String reason) {

    private static final String WORDS =
            "ok|FAIL|ERROR|expected failure|unexpected success|skipped (?:'(.*)'|\"(.*)\")";
    private static final Pattern EXACT = Pattern.compile("^(?:" + WORDS + ")$");
    // A test that writes output without a trailing newline gets its outcome glued to that output.
    private static final Pattern SUFFIX = Pattern.compile("(?:" + WORDS + ")$");

    /** The whole text (trailing blanks ignored) is a status. */
    public static Optional<StatusWord> parse(String text) {
        Matcher m = EXACT.matcher(text.stripTrailing());
        return m.matches() ? Optional.of(of(m)) : Optional.empty();
    }

    /** The text ends with a status (fallback for output written without a newline). */
    public static Optional<StatusWord> parseSuffix(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SUFFIX.matcher(text.stripTrailing());
        return m.find() ? Optional.of(of(m)) : Optional.empty();
    }

    private static StatusWord of(Matcher m) {
        String word = m.group();
        if (word.startsWith("skipped ")) {
            String reason = m.group(1) != null ? m.group(1) : m.group(2);
            return new StatusWord(TestStatus.SKIPPED, unescapeRepr(reason));
        }
        return new StatusWord(switch (word) {
            case "ok" -> TestStatus.PASSED;
            case "FAIL" -> TestStatus.FAILED;
            case "ERROR" -> TestStatus.ERROR;
            case "expected failure" -> TestStatus.EXPECTED_FAILURE;
            default -> TestStatus.UNEXPECTED_SUCCESS;
        }, null);
    }

    /** The reason is printed as a Python repr; undo the common escapes. */
    private static String unescapeRepr(String repr) {
        return repr.replace("\\'", "'").replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }
}
