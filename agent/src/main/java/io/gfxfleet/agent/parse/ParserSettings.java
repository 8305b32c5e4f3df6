package io.gfxfleet.agent.parse;

import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * How {@link UnittestOutputParser} works beyond the output itself.
 *
 * @param expectedComponents components the caller installed and so expects tests from
 *                           (e.g. {@code libraries}, {@code devel}); a skip note or an absent
 *                           component then becomes a problem
 * @param maxDetailsChars    bound of each traceback kept as details (characters)
 * @param crashContextLines  how many last output lines explain a crash or timeout
 * @param clockMillis        a monotonic millisecond clock for test durations
 */
public record ParserSettings(Set<String> expectedComponents, int maxDetailsChars, int crashContextLines,
                             LongSupplier clockMillis) {

    public static final int DEFAULT_MAX_DETAILS_CHARS = 64 * 1024;
    public static final int DEFAULT_CRASH_CONTEXT_LINES = 20;
    private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9_-]*");

    public ParserSettings {
        Objects.requireNonNull(expectedComponents, "expectedComponents");
        for (String c : expectedComponents) {
            if (c == null || !COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException("expected component '" + c
                        + "' is not a component name such as libraries or devel");
            }
        }
        expectedComponents = Set.copyOf(expectedComponents);
        if (maxDetailsChars < 100) {
            throw new IllegalArgumentException("maxDetailsChars must be at least 100, got " + maxDetailsChars);
        }
        if (crashContextLines < 1 || crashContextLines > 10_000) {
            throw new IllegalArgumentException("crashContextLines must be 1..10000, got " + crashContextLines);
        }
        Objects.requireNonNull(clockMillis, "clockMillis");
    }

    public static ParserSettings defaults() {
        return new ParserSettings(Set.of(), DEFAULT_MAX_DETAILS_CHARS, DEFAULT_CRASH_CONTEXT_LINES,
                () -> System.nanoTime() / 1_000_000);
    }

    public ParserSettings withExpectedComponents(Set<String> components) {
        return new ParserSettings(components, maxDetailsChars, crashContextLines, clockMillis);
    }

    public ParserSettings withMaxDetailsChars(int chars) {
        return new ParserSettings(expectedComponents, chars, crashContextLines, clockMillis);
    }

    public ParserSettings withClock(LongSupplier millis) {
        return new ParserSettings(expectedComponents, maxDetailsChars, crashContextLines, millis);
    }
}
