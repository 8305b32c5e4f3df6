package io.gfxfleet.agent.job;

import io.gfxfleet.agent.pip.FindLinksPage;
import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.protocol.pep.ProjectName;

import io.gfxfleet.protocol.url.IndexUrlPolicy;
import io.gfxfleet.protocol.url.Redaction;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the run's own index page before planning: the profiler step exists only for runs
 * that built {@code rocm-profiler}, and the device extras only for kpack runs. A PEP 503 root page
 * lists projects by name; a flat find-links page lists files, whose names start with the project
 * name (underscores).
 */
public final class RunIndexProbe {
    private static final Pattern ANCHOR_TEXT = Pattern.compile("<a\\b[^>]*>([^<]+)</a>", Pattern.CASE_INSENSITIVE);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** Redirect hops followed, each checked by the job's index policy first (as the index proxy does). */
    private static final int MAX_REDIRECTS = 5;
    /** A run's index page is a few kilobytes; a larger one is refused rather than held. */
    private static final int MAX_PAGE_BYTES = 32 * 1024 * 1024;

    /** Whether the run's index offers {@code project}; an unreadable page is an IOException. */
    public boolean offers(PackageSources sources, String project) throws IOException {
        return projects(sources).contains(ProjectName.normalize(project));
    }

    /** The (normalized) projects the run's index offers; an unreadable page is an IOException. */
    public Set<String> projects(PackageSources sources) throws IOException {
        if (sources.findLinks()) {
            return new TreeSet<>(findLinksPage(sources).projects());
        }
        String html = fetch(sources.runIndexUrl(), sources.policy());
        Set<String> projects = new TreeSet<>();
        Matcher m = ANCHOR_TEXT.matcher(html);
        while (m.find()) {
            String name = m.group(1).trim();
            if (ProjectName.isValid(name)) {
                projects.add(ProjectName.normalize(name));
            }
        }
        return projects;
    }

    /** A find-links run's page, its links resolved against its URL; an unreadable page is an IOException. */
    public FindLinksPage findLinksPage(PackageSources sources) throws IOException {
        if (!sources.findLinks()) {
            throw new IllegalArgumentException("the run has a PEP 503 index, not a find-links page");
        }
        return FindLinksPage.parse(fetch(sources.findLinksUrl(), sources.policy()), pageUrl(sources.findLinksUrl()));
    }

    /** A file URL naming a folder stands for its index.html (as {@link #fetch} reads it). */
    private static String pageUrl(String url) {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme()) && Files.isDirectory(Path.of(uri))) {
            return Path.of(uri).resolve("index.html").toUri().toString();
        }
        return url;
    }

    private String fetch(String url, IndexUrlPolicy policy) throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            return Files.readString(Files.isDirectory(p) ? p.resolve("index.html") : p, StandardCharsets.UTF_8);
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
                    byte[] page = in.readNBytes(MAX_PAGE_BYTES + 1);
                    if (page.length > MAX_PAGE_BYTES) {
                        throw new IOException("the run's index " + Redaction.redact(url) + " is larger than " + MAX_PAGE_BYTES + " bytes");
                    }
                    return new String(page, StandardCharsets.UTF_8);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + url, e);
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable redirect from " + Redaction.redact(url), e);
        }
    }
}
