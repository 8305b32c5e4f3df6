package io.gfxfleet.orchestrator.intake;

import io.gfxfleet.protocol.url.IndexUrlPolicy;

import java.util.List;
import java.util.Optional;

/**
 * Installing a package runs its code on a GPU runner, so a run's index URLs must lie under a
 * prefix the operator allowed; a stolen submitter token alone must not be enough to run code.
 * The comparison is {@link IndexUrlPolicy}'s, the same one the agent applies before it fetches:
 * scheme, host, port and whole path segments, after refusing every encoding a server could read
 * as another path ({@code %2E%2E}, {@code %2F}, {@code ..;}, {@code %252e}).
 * Virtual-hosted S3 URLs are compared in one form ({@link io.gfxfleet.protocol.layout.S3Url#canonical}): a prefix written as
 * {@code https://B.s3.amazonaws.com/} allows {@code https://B.s3.REGION.amazonaws.com/...} and the reverse.
 */
public record IndexAllowlist(List<String> prefixes) {
    public static final IndexAllowlist ANY = new IndexAllowlist(List.of());

    public IndexAllowlist {
        prefixes = List.copyOf(prefixes);
        IndexUrlPolicy.of(prefixes);
    }

    public boolean permits(String url) {
        return refusal(url).isEmpty();
    }

    /** Why {@code url} is not allowed, or empty. */
    public Optional<String> refusal(String url) {
        return IndexUrlPolicy.of(prefixes).refusal(url);
    }

    /** The prefixes as the agent is told them with each job (null: none configured, any URL goes). */
    public List<String> forAgents() {
        return prefixes.isEmpty() ? null : prefixes;
    }
}
