package io.gfxfleet.protocol.pep;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code <a>} of a PEP 503 page, its attribute values already decoded (entities resolved,
 * quotes gone), as a browser's parser reads them.
 *
 * @param href       the {@code href} as written (decoded, not resolved), null when the anchor has none
 * @param text       the anchor's text, whitespace collapsed
 * @param attributes every attribute, names lower-cased, in source order (the first of a repeated name)
 * @param tagStart   where the start tag begins in the page's text, -1 when the parser made the
 *                   element up (a misnested page)
 * @param tagEnd     just past the start tag's {@code >}, -1 likewise
 */
public record Anchor(String href, String text, Map<String, String> attributes, int tagStart, int tagEnd) {
    /** PEP 503's hash fragment as PEP 691 and pip write it: lower-case hex. */
    private static final Pattern SHA256_FRAGMENT = Pattern.compile("^sha256=([0-9a-f]{64})$");

    public Anchor {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The href resolved against {@code base}; an IllegalArgumentException when it is no URI reference. */
    public URI resolve(URI base) {
        return base.resolve(href.trim());
    }

    /** The {@code data-requires-python} value (PEP 503). */
    public Optional<String> requiresPython() {
        return Optional.ofNullable(attributes.get("data-requires-python"));
    }

    /**
     * The metadata attribute ({@code data-core-metadata}, PEP 714's name, or the older
     * {@code data-dist-info-metadata} of PEP 658): "true" or {@code <hash name>=<hex>}.
     */
    public Optional<String> coreMetadata() {
        String v = attributes.get("data-core-metadata");
        return Optional.ofNullable(v != null ? v : attributes.get("data-dist-info-metadata"));
    }

    /** The {@code #sha256=} fragment's digest, when the href has a well-formed one. */
    public Optional<String> sha256() {
        if (href == null) {
            return Optional.empty();
        }
        int hash = href.indexOf('#');
        Matcher m = SHA256_FRAGMENT.matcher(hash < 0 ? "" : href.substring(hash + 1).trim());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether the parser found this anchor's start tag in the page (not one it made up). */
    public boolean located() {
        return tagStart >= 0;
    }
}
