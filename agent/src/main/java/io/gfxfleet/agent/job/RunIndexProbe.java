package io.gfxfleet.agent.job;

import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the run's own index page before planning: the profiler step exists only for runs
 * that built {@code rocm-profiler}. A PEP 503 root page lists projects by name; a flat
 * find-links page lists files, whose names start with the project name (underscores).
 */
public final class RunIndexProbe {
    private static final Pattern ANCHOR_TEXT = Pattern.compile("<a\\b[^>]*>([^<]+)</a>", Pattern.CASE_INSENSITIVE);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Whether the run's index offers {@code project}; an unreadable page is an IOException. */
    public boolean offers(PackageSources sources, String project) throws IOException {
        return projects(sources).contains(ProjectName.normalize(project));
    }

    /** The (normalized) projects the run's index offers; an unreadable page is an IOException. */
    public Set<String> projects(PackageSources sources) throws IOException {
        String page = sources.runIndexUrl() != null ? sources.runIndexUrl() : sources.findLinksUrl();
        String html = fetch(page);
        Set<String> projects = new TreeSet<>();
        Matcher m = ANCHOR_TEXT.matcher(html);
        while (m.find()) {
            String text = m.group(1).trim();
            String name = sources.runIndexUrl() != null ? text : distributionName(text);
            if (name != null && ProjectName.isValid(name)) {
                projects.add(ProjectName.normalize(name));
            }
        }
        return projects;
    }

    /** {@code rocm_profiler-7.10.0-py3-none-any.whl} → {@code rocm_profiler}; sdists the same way. */
    private static String distributionName(String fileName) {
        int dash = fileName.indexOf('-');
        return dash > 0 ? fileName.substring(0, dash) : null;
    }

    private String fetch(String url) throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            return Files.readString(Files.isDirectory(p) ? p.resolve("index.html") : p, StandardCharsets.UTF_8);
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IOException("the run's index " + url + " answered " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + url, e);
        }
    }
}
