package io.gfxfleet.protocol.url;

import io.gfxfleet.protocol.layout.S3Url;

import java.util.List;
import java.util.Optional;

/**
 * Which index URLs may be fetched: installing a package runs its code, so the orchestrator's
 * intake and the agent (before each of its own fetches, and for every URL it hands to pip) ask
 * the same question the same way. Every URL must parse as an {@link IndexUrl}; when prefixes are
 * given it must also lie under one of them, compared by scheme, host, port and whole path
 * segments ({@code /allowed/} does not admit {@code /allowed-not/}). Virtual-hosted S3 URLs are
 * compared in one form ({@link S3Url#canonical}): a prefix written as {@code https://B.s3.amazonaws.com/}
 * admits {@code https://B.s3.REGION.amazonaws.com/...} and the reverse.
 */
public record IndexUrlPolicy(List<IndexUrl> prefixes) {
    /** Any well-formed index URL (no prefixes configured). */
    public static final IndexUrlPolicy ANY = new IndexUrlPolicy(List.of());

    public IndexUrlPolicy {
        prefixes = List.copyOf(prefixes);
    }

    /** Policy from prefix texts; each must be a well-formed URL ending in '/'. */
    public static IndexUrlPolicy of(List<String> prefixes) {
        return new IndexUrlPolicy(prefixes.stream().map(p -> {
            if (!p.endsWith("/")) {
                throw new IllegalArgumentException("index prefix must end with '/': " + Redaction.redact(p));
            }
            if (p.contains("?")) {
                throw new IllegalArgumentException("index prefix must not have a query: " + Redaction.redact(p));
            }
            try {
                IndexUrl.parse(p);
                return IndexUrl.parse(S3Url.canonical(p));
            } catch (RefusedUrl e) {
                throw new IllegalArgumentException("index prefix " + Redaction.redact(p) + ": " + e.getMessage(), e);
            }
        }).toList());
    }

    /** Why {@code url} may not be fetched, or empty when it may. */
    public Optional<String> refusal(String url) {
        IndexUrl parsed;
        try {
            parsed = IndexUrl.parse(url);
        } catch (RefusedUrl e) {
            return Optional.of(e.getMessage());
        }
        if (prefixes.isEmpty()) {
            return Optional.empty();
        }
        // The URL as written must be well-formed (above); its canonical S3 form is what is compared.
        IndexUrl canonical;
        try {
            canonical = IndexUrl.parse(S3Url.canonical(url));
        } catch (RefusedUrl e) {
            return Optional.of(e.getMessage());
        }
        if (prefixes.stream().anyMatch(canonical::isUnder)) {
            return Optional.empty();
        }
        return Optional.of("not under an allowed index prefix");
    }

    public boolean permits(String url) {
        return refusal(url).isEmpty();
    }

    /** The allowed prefixes as text (for messages and --help). */
    public List<String> prefixTexts() {
        return prefixes.stream().map(IndexUrl::toString).toList();
    }
}
