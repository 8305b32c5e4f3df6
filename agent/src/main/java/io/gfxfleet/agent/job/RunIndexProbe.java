package io.gfxfleet.agent.job;

import io.gfxfleet.agent.pip.FindLinksPage;
import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.protocol.pep.Anchor;
import io.gfxfleet.protocol.pep.ProjectName;
import io.gfxfleet.protocol.pep.SimplePage;
import io.gfxfleet.protocol.url.IndexUrlPolicy;
import io.gfxfleet.protocol.url.Redaction;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Looks at the run's own index page before planning: the profiler step exists only for runs
 * that built {@code rocm-profiler}, and the device extras only for kpack runs. A PEP 503 root page
 * lists projects by name; a flat find-links page lists files, whose names start with the project
 * name (underscores).
 */
public final class RunIndexProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** Redirect hops followed, each checked by the job's index policy first (as the index proxy does). */
    private static final int MAX_REDIRECTS = 5;

    /** The (normalized) projects the run's index offers; an unreadable page is an IOException. */
    public Set<String> projects(PackageSources sources) throws IOException {
        if (sources.findLinks()) {
            return new TreeSet<>(findLinksPage(sources).projects());
        }
        Set<String> projects = new TreeSet<>();
        for (Anchor a : page(sources.runIndexUrl(), sources.policy()).anchors()) {
            if (ProjectName.isValid(a.text())) {
                projects.add(ProjectName.normalize(a.text()));
            }
        }
        return projects;
    }

    /** A find-links run's page, its links resolved against its URL; an unreadable page is an IOException. */
    public FindLinksPage findLinksPage(PackageSources sources) throws IOException {
        if (!sources.findLinks()) {
            throw new IllegalArgumentException("the run has a PEP 503 index, not a find-links page");
        }
        return FindLinksPage.of(page(sources.findLinksUrl(), sources.policy()));
    }

    /** A file URL naming a folder stands for its index.html (as {@link #page} reads it). */
    private static String pageUrl(String url) {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme()) && Files.isDirectory(Path.of(uri))) {
            return Path.of(uri).resolve("index.html").toUri().toString();
        }
        return url;
    }

    /**
     * The page at {@code url}, bounded in size ({@link SimplePage#MAX_BYTES}). Redirects are followed
     * here, each hop checked by the job's {@code policy} first: an index that redirects off the job's
     * index hosts is not followed (issue 15), as in the agent's index proxy.
     */
    private SimplePage page(String url, IndexUrlPolicy policy) throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            try (InputStream in = Files.newInputStream(Files.isDirectory(p) ? p.resolve("index.html") : p)) {
                return SimplePage.read(in, URI.create(pageUrl(url)));
            }
        }
        try {
            for (int hop = 0; ; hop++) {
                Optional<String> refused = policy.refusal(uri.toString());
                if (refused.isPresent()) {
                    throw new IOException((hop == 0 ? "not fetched (" : "redirect not followed (") + refused.get() + "): "
                            + Redaction.redact(uri.toString()));
                }
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    Optional<String> location = r.headers().firstValue("Location");
                    if (r.statusCode() >= 300 && r.statusCode() < 400 && location.isPresent() && hop < MAX_REDIRECTS) {
                        uri = uri.resolve(location.get());
                        continue;
                    }
                    if (r.statusCode() != 200) {
                        throw new IOException("the run's index " + Redaction.redact(url) + " answered " + r.statusCode());
                    }
                    return SimplePage.read(in, uri);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + Redaction.redact(url), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable redirect from " + Redaction.redact(url), e);
        }
    }
}
