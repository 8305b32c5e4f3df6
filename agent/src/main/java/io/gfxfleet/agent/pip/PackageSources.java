package io.gfxfleet.agent.pip;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a job's packages may come from: the deps-only base index, and either the run's own
 * rocm-only index (the two-index pattern) or its flat find-links page.
 */
public record PackageSources(String depsIndexUrl, String runIndexUrl, String findLinksUrl) {
    public PackageSources {
        if (runIndexUrl == null && findLinksUrl == null) {
            throw new IllegalArgumentException("a job needs a run index URL or a find-links URL");
        }
    }

    /** pip arguments selecting exactly these sources. */
    public List<String> pipArguments() {
        List<String> args = new ArrayList<>();
        if (depsIndexUrl != null) {
            args.addAll(List.of("--index-url", depsIndexUrl));
        } else {
            args.add("--no-index");
        }
        if (runIndexUrl != null) {
            args.addAll(List.of("--extra-index-url", runIndexUrl));
        } else {
            args.addAll(List.of("--find-links", findLinksUrl));
        }
        return args;
    }

    /**
     * The URL prefix every rocm file must come from: the run's group folder (the index links into
     * {@code ../../dist/}), i.e. the index URL without its trailing {@code simple/}.
     */
    public String runFilesPrefix() {
        String url = runIndexUrl != null ? runIndexUrl : findLinksUrl;
        if (runIndexUrl != null && url.endsWith("/simple/")) {
            return url.substring(0, url.length() - "simple/".length());
        }
        int slash = url.lastIndexOf('/');
        return url.substring(0, slash + 1);
    }
}
