package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.pep.SimplePageWriter;

import java.util.Optional;

/**
 * One anchor of a PEP 503 project page.
 *
 * @param hrefBase        the relative folder of the file, e.g. {@code ../../dist/} or empty
 * @param fileName        the distribution's file name (also the anchor text)
 * @param sha256          hex digest for the {@code #sha256=} fragment, empty when unknown
 * @param requiresPython  the {@code data-requires-python} value, unescaped
 * @param metadataSha256  digest of the PEP 658 {@code <file>.metadata} object, when one exists
 */
public record IndexLink(String hrefBase, String fileName, Optional<String> sha256, Optional<String> requiresPython,
                        Optional<String> metadataSha256) {

    public static IndexLink of(String hrefBase, DistributionFile file, Optional<String> metadataSha256) {
        return new IndexLink(hrefBase, file.fileName(), Optional.of(file.sha256()), file.requiresPython(), metadataSha256);
    }

    /** The href: the file name percent-encoded as one path segment ('+' becomes %2B), plus the hash fragment. */
    public String href() {
        return hrefBase + encodeSegment(fileName) + sha256.map(h -> "#sha256=" + h).orElse("");
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    public static String encodeSegment(String segment) {
        return SimplePageWriter.encodeSegment(segment);
    }
}
