package io.gfxfleet.orchestrator.intake;

import java.util.List;

/**
 * Installing a package runs its code on a GPU runner, so a run's index URLs must start with a
 * prefix the operator allowed; a stolen submitter token alone must not be enough to run code.
 */
public record IndexAllowlist(List<String> prefixes) {
    public static final IndexAllowlist ANY = new IndexAllowlist(List.of());

    public IndexAllowlist {
        prefixes = List.copyOf(prefixes);
    }

    public boolean permits(String url) {
        return prefixes.isEmpty() || prefixes.stream().anyMatch(url::startsWith);
    }
}
