package io.gfxfleet.protocol.pep;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, validated with the specification's own canonical regex.
 * ROCm uses stable {@code 7.10.0}, rc {@code 7.10.0rc0}, nightly {@code 7.10.0a20251124},
 * bkc {@code 10.1.0a20260811+bkc.20260814} and dev {@code 7.10.0.dev0+efed3c3b}.
 */
public record Pep440Version(String text) {
    /**
     * Longer than any real version (ROCm's longest is ~30 characters). Checked before the regex:
     * its nested repetitions recurse per character, so an 8,000-character input overflowed the stack.
     */
    public static final int MAX_LENGTH = 128;
    // From PEP 440, Appendix B ("VERSION_PATTERN"), anchored.
    private static final Pattern PATTERN = Pattern.compile(
            "^v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<preL>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?)"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$",
            Pattern.CASE_INSENSITIVE);

    public Pep440Version {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a PEP 440 version: '" + text + "'");
        }
    }

    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && PATTERN.matcher(text).matches();
    }

    /** Pre-releases and dev releases: a {@code ==} pin on such a version lets pip take it without {@code --pre}. */
    public boolean isPreRelease() {
        Matcher m = PATTERN.matcher(text);
        return m.matches() && (m.group("pre") != null || m.group("dev") != null);
    }

    /** The form used in file names and URLs: '+' is escaped as %2B by S3-hosted indexes. */
    public String urlEscaped() {
        return text.replace("+", "%2B");
    }

    @Override
    public String toString() {
        return text;
    }
}
