package io.gfxfleet.orchestrator.submit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --timeout} text: {@code 90m}, {@code 2h}, {@code 45s}, or a bare number of minutes. */
public final class WaitTimeout {
    private static final Pattern TEXT = Pattern.compile("^([0-9]{1,7})([smh]?)$");

    private WaitTimeout() {}

    public static Duration parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("--timeout must be a whole number with s, m or h (e.g. 90m, 2h, 45s)"
                    + " or a bare number of minutes, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new IllegalArgumentException("--timeout must be more than zero, got '" + text + "'");
        }
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
