package io.gfxfleet.orchestrator.intake;

import io.gfxfleet.protocol.layout.S3Url;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Installing a package runs its code on a GPU runner, so a run's index URLs must lie under a
 * prefix the operator allowed; a stolen submitter token alone must not be enough to run code.
 * Prefixes end in '/', and URLs are compared after normalisation so {@code ../} cannot escape.
 * Virtual-hosted S3 URLs are compared in one form ({@link S3Url#canonical}): a prefix written as
 * {@code https://B.s3.amazonaws.com/} allows {@code https://B.s3.REGION.amazonaws.com/...} and the reverse.
 */
public record IndexAllowlist(List<String> prefixes) {
    public static final IndexAllowlist ANY = new IndexAllowlist(List.of());

    public IndexAllowlist {
        prefixes = List.copyOf(prefixes);
        for (String p : prefixes) {
            if (!p.endsWith("/")) {
                throw new IllegalArgumentException("index prefix must end with '/': " + p);
            }
        }
    }

    public boolean permits(String url) {
        if (prefixes.isEmpty()) {
            return true;
        }
        String normalized;
        try {
            URI uri = new URI(url);
            if (uri.getRawPath() != null && uri.getRawPath().contains("%2e")) {
                return false;
            }
            normalized = uri.normalize().toString();
        } catch (URISyntaxException e) {
            return false;
        }
        if (normalized.contains("/../") || !normalized.equals(url)) {
            return false;
        }
        String canonical = S3Url.canonical(normalized);
        return prefixes.stream().map(S3Url::canonical).anyMatch(canonical::startsWith);
    }
}
