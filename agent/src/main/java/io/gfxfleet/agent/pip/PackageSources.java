package io.gfxfleet.agent.pip;

import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.url.IndexUrl;
import io.gfxfleet.protocol.url.IndexUrlPolicy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a job's packages may come from: the deps-only base index, and either the run's own
 * rocm-only index (the two-index pattern) or its flat find-links page. A find-links run installs as
 * TheRock's {@code setup_venv.py} does: pip, setuptools and wheel upgraded from the deps index
 * first ({@link #bootstrapArguments()}), then the run with {@code --no-index --find-links} only.
 */
public record PackageSources(String depsIndexUrl, String runIndexUrl, String findLinksUrl, List<String> indexPrefixes) {
    /**
     * {@code indexPrefixes}: the operator's allowed prefixes as the lease names them, plus the
     * agent's own deps index when it supplied one; null when the orchestrator has none configured.
     */
    public PackageSources {
        if (runIndexUrl == null && findLinksUrl == null) {
            throw new IllegalArgumentException("a job needs a run index URL or a find-links URL");
        }
        indexPrefixes = indexPrefixes == null ? null : List.copyOf(indexPrefixes);
    }

    public PackageSources(String depsIndexUrl, String runIndexUrl, String findLinksUrl) {
        this(depsIndexUrl, runIndexUrl, findLinksUrl, null);
    }

    /** Where {@code job}'s packages come from, as its lease names them. */
    public static PackageSources of(JobSpec job) {
        return of(job, null);
    }

    /** As {@link #of(JobSpec)}, with the agent's own deps index when the lease names none. */
    public static PackageSources of(JobSpec job, String agentDepsIndexUrl) {
        String deps = job.depsIndexUrl() != null ? job.depsIndexUrl() : agentDepsIndexUrl;
        List<String> prefixes = job.indexPrefixes();
        if (prefixes != null && job.depsIndexUrl() == null && agentDepsIndexUrl != null) {
            // The agent's own deps index is its operator's choice, not the run's: its host is allowed.
            prefixes = new ArrayList<>(prefixes);
            prefixes.add(IndexUrl.parse(agentDepsIndexUrl).origin() + "/");
        }
        return new PackageSources(deps, job.runIndexUrl(), job.findLinksUrl(), prefixes);
    }

    /** A run published only as a flat page: installed with {@code --no-index --find-links}. */
    public boolean findLinks() {
        return runIndexUrl == null;
    }

    /** pip arguments selecting exactly these sources for the rocm install. */
    public List<String> pipArguments() {
        List<String> args = new ArrayList<>();
        if (findLinks()) {
            args.addAll(List.of("--no-index", "--find-links", findLinksUrl));
        } else {
            if (depsIndexUrl != null) {
                args.addAll(List.of("--index-url", depsIndexUrl));
            } else {
                args.add("--no-index");
            }
            args.addAll(List.of("--extra-index-url", runIndexUrl));
        }
        for (String host : plainHttpHosts()) {
            args.addAll(List.of("--trusted-host", host));
        }
        return args;
    }

    /**
     * pip arguments for a find-links run's first install (pip, setuptools, wheel): the deps index
     * alone. Empty when there is no deps index (nothing to upgrade from).
     */
    public List<String> bootstrapArguments() {
        if (depsIndexUrl == null) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("--index-url", depsIndexUrl));
        plainHttpHost(depsIndexUrl).ifPresent(host -> args.addAll(List.of("--trusted-host", host)));
        return args;
    }

    /**
     * The hosts of plain-http sources, as pip's {@code --trusted-host} takes them. pip keeps nothing
     * it fetched over plain http in its cache unless the host is "trusted", so without this every
     * job on a runner reading an http index (an on-site mirror, the orchestrator's own
     * {@code /packages/}) would download every wheel again. For http the flag disables no
     * certificate check (there is none); which hosts may serve code is the index allowlist's
     * decision, checked before pip runs. https hosts are never trusted: their certificates stay
     * verified.
     */
    Set<String> plainHttpHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        // A find-links install reads no index (the deps index is only for the bootstrap).
        for (String url : findLinks() ? new String[] {findLinksUrl} : new String[] {depsIndexUrl, runIndexUrl}) {
            if (url != null) {
                plainHttpHost(url).ifPresent(hosts::add);
            }
        }
        return hosts;
    }

    private static java.util.Optional<String> plainHttpHost(String url) {
        URI uri = URI.create(url);
        if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
            return java.util.Optional.of(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        }
        return java.util.Optional.empty();
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

    /**
     * What the agent fetches for this job, and what pip is given: well-formed URLs (no encoded
     * dots or slashes, no credentials) under the operator's allowed prefixes when the lease names
     * them (intake checked the run's URLs against the same prefixes), else on the hosts of the job's
     * own indexes. This keeps a redirect or an absolute link on an index page from leading pip
     * anywhere else.
     */
    public IndexUrlPolicy policy() {
        if (indexPrefixes != null) {
            return IndexUrlPolicy.of(indexPrefixes);
        }
        List<String> origins = new ArrayList<>();
        for (String url : new String[] {depsIndexUrl, runIndexUrl, findLinksUrl}) {
            if (url != null) {
                IndexUrl parsed = IndexUrl.parse(url);
                origins.add(parsed.origin() + "/");
            }
        }
        return IndexUrlPolicy.of(origins);
    }
}
