package io.gfxfleet.orchestrator.publish.mirror;

import io.gfxfleet.orchestrator.publish.DistributionFileName;
import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.protocol.pep.Anchor;
import io.gfxfleet.protocol.pep.SimplePage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 503 simple index to mirror from (PyPI's, or any other), over http(s) or {@code file://}.
 * Its pages are untrusted input: every link must name a valid distribution of the project asked
 * for and carry a {@code #sha256=} fragment, which is checked against the downloaded bytes.
 */
public final class UpstreamIndex {
    private static final Pattern SHA256 = Pattern.compile("^sha256=([0-9a-f]{64})$");

    private final URI root;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** One file an upstream project page links to. */
    public record Link(DistributionFileName name, URI url, String sha256) {}

    public UpstreamIndex(String rootUrl) {
        URI u;
        try {
            u = new URI(rootUrl.endsWith("/") ? rootUrl : rootUrl + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--from-index is not a URL: " + rootUrl);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
            throw new IllegalArgumentException("--from-index must be an http, https or file URL: " + rootUrl);
        }
        this.root = u;
    }

    /** The links of {@code project}'s page for exactly {@code version}. */
    public List<Link> files(PinnedRequirement pin) throws IOException {
        URI page = root.resolve(pin.project() + "/");
        SimplePage html = fetch(page);
        List<Link> out = new ArrayList<>();
        for (Anchor a : html.links()) {
            Link link = link(html.base(), a.href());
            if (!link.name().project().equals(pin.project())) {
                throw new PublishRefusedException(page + ": links to '" + link.name().fileName()
                        + "', which is not a distribution of " + pin.project());
            }
            if (sameVersion(link.name().version().text(), pin.version().text())) {
                out.add(link);
            }
        }
        if (out.isEmpty()) {
            throw new PublishRefusedException(page + ": no file of " + pin.project() + "==" + pin.version());
        }
        return out;
    }

    /** Downloads {@code link} into {@code dir} and checks its digest against the page's {@code #sha256=}. */
    public Path download(Link link, Path dir) throws IOException {
        Path dest = dir.resolve(link.name().fileName());
        Path part = dir.resolve(link.name().fileName() + ".part");
        try (InputStream in = open(link.url())) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = Sha256.of(part);
        if (!actual.equals(link.sha256())) {
            Files.deleteIfExists(part);
            throw new PublishRefusedException(link.name().fileName() + ": downloaded bytes have sha256 " + actual
                    + " but the upstream index says " + link.sha256() + " (" + link.url() + ")");
        }
        Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING);
        return dest;
    }

    private Link link(URI page, String href) {
        URI target;
        try {
            target = page.resolve(new URI(href.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PublishRefusedException(page + ": invalid href '" + href + "'");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https") || (scheme.equals("file") && root.getScheme().equals("file")))) {
            throw new PublishRefusedException(page + ": href '" + href + "' is not an http(s) URL");
        }
        String fragment = target.getRawFragment();
        Matcher sha = SHA256.matcher(fragment == null ? "" : fragment);
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        String fileName = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!sha.matches()) {
            throw new PublishRefusedException(page + ": link to '" + fileName + "' has no #sha256= fragment");
        }
        DistributionFileName name = DistributionFileName.parse(fileName);
        URI withoutFragment;
        try {
            withoutFragment = new URI(target.getScheme(), target.getRawAuthority() == null ? null : target.getAuthority(),
                    target.getPath(), target.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new PublishRefusedException(page + ": invalid href '" + href + "'");
        }
        return new Link(name, withoutFragment, sha.group(1));
    }

    private SimplePage fetch(URI uri) throws IOException {
        try (InputStream in = open(uri)) {
            return SimplePage.read(in, uri);
        } catch (SimplePage.PageTooLargeException e) {
            throw new PublishRefusedException(e.getMessage());
        }
    }

    private InputStream open(URI uri) throws IOException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path p = Path.of(uri);
            return Files.newInputStream(Files.isDirectory(p) ? p.resolve("index.html") : p);
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("Accept", "text/html").GET().build();
        try {
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException("GET " + uri + " answered " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + uri, e);
        }
    }

    private static boolean sameVersion(String a, String b) {
        return a.toLowerCase(Locale.ROOT).replace('_', '-').equals(b.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
