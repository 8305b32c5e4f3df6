package io.gfxfleet.agent.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gfxfleet.agent.pip.PackageSources;
import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.protocol.url.IndexUrlPolicy;
import io.gfxfleet.protocol.url.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job's two indexes as pip sees them: a loopback HTTP server in the agent that fetches every
 * index page fresh from upstream (pages are never cached) and rewrites its file links. pip is never
 * given an upstream URL: every page and every file it reads comes through here, so every fetch,
 * redirect hop and link passes the job's {@link IndexUrlPolicy} whether or not the agent's
 * {@link DownloadCache} is on. With the cache:
 * <ul>
 *   <li>a wheel already in the cache (verified) is linked as a {@code file://} URL: pip reads it
 *       in place, at disk speed, instead of copying it out of its own HTTP cache;</li>
 *   <li>any other file with a {@code #sha256=} is linked through this proxy, which fetches it from
 *       upstream while pip reads it and keeps it when its bytes match the hash;</li>
 *   <li>files without a hash are relayed through this proxy, uncached.</li>
 * </ul>
 * Without the cache (null) every file is relayed, nothing kept.
 * The proxy's files URLs name the index, hash and file name only, and the port is kept from job to
 * job when it is free: pip's built-wheel cache (the {@code rocm} sdist) is keyed by the link's URL.
 * pip talks to the proxy over plain http without {@code --trusted-host}, so its own HTTP cache
 * stores nothing from it. {@link #upstreamUrl} maps what pip reports back to the upstream file URL
 * it stands for, so the provenance check judges where each file really came from.
 * <p>
 * The proxy is no relay for other local processes: every path starts with a secret kept in the
 * cache folder, readable by the agent's user only (the port file alone gets a 404). The secret
 * lasts as long as the cache, like the port, so the files URLs (pip's built-wheel cache key) stay
 * the same from job to job. Every upstream fetch, each redirect hop, and every link given to pip
 * must pass the job's {@link IndexUrlPolicy}: a redirect or an absolute link off the index hosts
 * (or out of the operator's prefixes) is refused or dropped from the page, never followed.
 */
public final class IndexProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IndexProxy.class);
    static final String PORT_FILE = "proxy-port";
    static final String SECRET_FILE = "proxy-secret";
    /** Redirect hops followed (each checked by the policy); pip follows up to 30, indexes need one. */
    static final int MAX_REDIRECTS = 5;
    /** An index page larger than this is refused rather than held in memory. */
    static final int MAX_PAGE_BYTES = 32 * 1024 * 1024;
    private static final String DEPS = "deps";
    private static final String RUN = "run";
    /** A find-links run's flat page (served at {@code /links/}, whatever its upstream file name). */
    private static final String LINKS = "links";
    private static final int BUFFER = 1 << 20;
    /** Key of a relayed file without a cacheable hash: this, then the SHA-256 of its upstream URL. */
    private static final String UNHASHED = "url-";

    private final DownloadCache cache;
    private final Map<String, String> upstreamIndex;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final IndexUrlPolicy policy;
    /** Proxy files URL (no fragment) → the upstream file URL it stands for. */
    private final Map<String, String> upstreamByServed = new ConcurrentHashMap<>();
    /** Cached file linked as file:// → the upstream file URL it stands for (one upstream per file). */
    private final Map<Path, String> upstreamByFile = new ConcurrentHashMap<>();
    private final AtomicLong wheelsLinked = new AtomicLong();
    private final AtomicLong bytesFromDisk = new AtomicLong();
    private final AtomicLong filesFromDisk = new AtomicLong();
    private final AtomicLong bytesFetched = new AtomicLong();
    private final AtomicLong filesFetched = new AtomicLong();
    private final AtomicLong filesRelayed = new AtomicLong();
    private final AtomicLong bytesRelayed = new AtomicLong();
    /** What the policy kept from pip (redirects not followed, links dropped, pages not fetched), for the job's verdict. */
    private final PolicyRefusals refusals = new PolicyRefusals();

    private IndexProxy(DownloadCache cache, Map<String, String> upstreamIndex, HttpServer server, ExecutorService executor,
                       String secret, IndexUrlPolicy policy) {
        this.cache = cache;
        this.upstreamIndex = upstreamIndex;
        this.server = server;
        this.executor = executor;
        this.policy = policy;
        this.base = "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/" + secret;
    }

    /** Serves {@code sources}' deps index and run index or find-links page until closed. */
    public static IndexProxy start(PackageSources sources, DownloadCache cache) throws IOException {
        return start(sources, cache, sources.policy());
    }

    /** As {@link #start(PackageSources, DownloadCache)}, fetching only what {@code policy} permits. */
    public static IndexProxy start(PackageSources sources, DownloadCache cache, IndexUrlPolicy policy) throws IOException {
        return start(sources, cache, cache.root(), policy);
    }

    /**
     * As above; {@code cache} null: nothing is kept, every file is relayed (the agent's download
     * cache is off, yet pip stays confined). {@code stateDir} keeps the port and the secret: the
     * cache's folder, or any folder of the agent's (the files URLs are pip's built-wheel cache key,
     * so a folder that outlives the job keeps that cache warm).
     */
    public static IndexProxy start(PackageSources sources, DownloadCache cache, Path stateDir, IndexUrlPolicy policy)
            throws IOException {
        Map<String, String> indexes = new ConcurrentHashMap<>();
        if (sources.findLinks()) {
            indexes.put(LINKS, sources.findLinksUrl());
        } else {
            indexes.put(RUN, withSlash(sources.runIndexUrl()));
        }
        if (sources.depsIndexUrl() != null) {
            indexes.put(DEPS, withSlash(sources.depsIndexUrl()));
        }
        Files.createDirectories(stateDir);
        HttpServer server = bind(stateDir.resolve(PORT_FILE));
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "index-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        for (String url : indexes.values()) {
            Optional<String> refused = policy.refusal(url);
            if (refused.isPresent()) {
                throw new IllegalArgumentException("index URL refused by the index policy (" + refused.get() + "): "
                        + Redaction.redact(url));
            }
        }
        String secret = ProxySecret.read(stateDir.resolve(SECRET_FILE));
        IndexProxy proxy = new IndexProxy(cache, indexes, server, executor, secret, policy);
        for (String role : indexes.keySet()) {
            server.createContext("/" + secret + "/" + role + "/", proxy::page);
        }
        server.createContext("/" + secret + "/files/", proxy::file);
        // Anything else (no secret, a guessed one) is the server's own 404.
        server.start();
        return proxy;
    }

    /** The port of the last proxy when it is free (see the class comment), else any. */
    private static HttpServer bind(Path portFile) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int remembered = 0;
        try {
            remembered = Files.isRegularFile(portFile) ? Integer.parseInt(Files.readString(portFile).strip()) : 0;
        } catch (NumberFormatException | IOException e) {
            remembered = 0;
        }
        if (remembered > 0 && remembered < 65536) {
            try {
                return HttpServer.create(new InetSocketAddress(loopback, remembered), 0);
            } catch (BindException e) {
                log.info("download cache: proxy port {} is taken; pip's built-wheel cache will miss once", remembered);
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        Files.writeString(portFile, Integer.toString(server.getAddress().getPort()), StandardCharsets.UTF_8);
        return server;
    }

    /** pip's index arguments for the proxied indexes (no --trusted-host: pip caches nothing from them). */
    public List<String> pipArguments() {
        List<String> args = new ArrayList<>();
        if (upstreamIndex.containsKey(LINKS)) {
            args.addAll(List.of("--no-index", "--find-links", base + "/" + LINKS + "/"));
            return args;
        }
        if (upstreamIndex.containsKey(DEPS)) {
            args.addAll(List.of("--index-url", base + "/" + DEPS + "/"));
        } else {
            args.add("--no-index");
        }
        args.addAll(List.of("--extra-index-url", base + "/" + RUN + "/"));
        return args;
    }

    /** pip's arguments for a find-links run's bootstrap (pip, setuptools, wheel): the proxied deps index. */
    public List<String> bootstrapArguments() {
        return upstreamIndex.containsKey(DEPS) ? List.of("--index-url", base + "/" + DEPS + "/") : List.of();
    }

    public String base() {
        return base;
    }

    /** The upstream URL a URL in pip's report stands for (unchanged when it is not one of ours). */
    public String upstreamUrl(String reported) {
        if (reported.startsWith("file:")) {
            try {
                String upstream = upstreamByFile.get(Path.of(URI.create(reported)).normalize());
                return upstream != null ? upstream : reported;
            } catch (IllegalArgumentException e) {
                return reported;
            }
        }
        return upstreamByServed.getOrDefault(reported, reported);
    }

    /** What the index policy kept from pip in this job (first few, each with its reason); empty when nothing. */
    public List<String> refusals() {
        return refusals.list();
    }

    /** What this job read from the cache and what it fetched, for the step log. */
    public String summary() {
        if (cache == null) {
            return String.format("no download cache: %d file(s), %.1f MB relayed", filesRelayed.get(), bytesRelayed.get() / 1e6);
        }
        return String.format("download cache: %d cached wheel link(s) given to pip as files; %d file(s), %.1f MB served"
                        + " from the cache; %d file(s), %.1f MB fetched into it", wheelsLinked.get(), filesFromDisk.get(),
                bytesFromDisk.get() / 1e6, filesFetched.get(), bytesFetched.get() / 1e6);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void page(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath().substring(base.length() - origin().length());
            String role = path.substring(1, path.indexOf('/', 1));
            String rest = path.substring(role.length() + 2);
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (role.equals(LINKS) && !rest.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);  // the page is the only thing served there
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String target = upstreamIndex.get(role) + rest + (query == null ? "" : "?" + query);
            if (rest.startsWith("/") || policy.refusal(target).isPresent()) {
                String why = policy.refusal(target).orElse("absolute path");
                log.warn("download cache: page {} refused by the index policy: {}", Redaction.redact(target), why);
                refusals.add(target, why);
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            if (target.startsWith("file:")) {
                localPage(exchange, role, target);
                return;
            }
            HttpResponse<InputStream> r = confined(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "text/html"), HttpResponse.BodyHandlers.ofInputStream());
            String bodyText;
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    exchange.sendResponseHeaders(r.statusCode() >= 300 && r.statusCode() < 400 ? 502 : r.statusCode(), -1);
                    return;
                }
                byte[] page = in.readNBytes(MAX_PAGE_BYTES + 1);
                if (page.length > MAX_PAGE_BYTES) {
                    log.warn("download cache: page {} is larger than {} bytes; refused", Redaction.redact(target), MAX_PAGE_BYTES);
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                bodyText = new String(page, StandardCharsets.UTF_8);
            }
            String contentType = r.headers().firstValue("Content-Type").orElse("text/html");
            boolean html = contentType.toLowerCase(java.util.Locale.ROOT).contains("html");
            if (!html) {
                // Not a page this proxy can confine the links of: pip gets nothing rather than an unchecked one.
                log.warn("download cache: {} answered {}, not HTML; refused", Redaction.redact(target), contentType);
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            String body = IndexPage.rewrite(bodyText, r.uri(), u -> relink(role, u));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (RefusedRedirect e) {
            refusals.add(e.target(), e.why());
            log.warn("download cache: page {}: {}", exchange.getRequestURI().getRawPath().replace(base, ""), e.getMessage());
            exchange.sendResponseHeaders(403, -1);
        } catch (IOException | RuntimeException e) {
            log.warn("download cache: page {} failed: {}", exchange.getRequestURI().getRawPath().replace(base, ""), e.toString());
            throw e;
        } finally {
            exchange.close();
        }
    }

    private String origin() {
        return base.substring(0, base.lastIndexOf('/'));
    }

    /**
     * A page of a {@code file://} index (a run published into a local folder): read from disk, a
     * folder standing for its {@code index.html}, its links confined like any page's. Its file
     * links stay {@code file://} (pip reads them in place; nothing is fetched, nothing redirects).
     */
    private void localPage(HttpExchange exchange, String role, String target) throws IOException {
        Path file;
        try {
            file = Path.of(URI.create(target));
        } catch (IllegalArgumentException e) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (Files.size(file) > MAX_PAGE_BYTES) {
            log.warn("download cache: page {} is larger than {} bytes; refused", file, MAX_PAGE_BYTES);
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        String body = IndexPage.rewrite(Files.readString(file, StandardCharsets.UTF_8), file.toUri(), u -> relink(role, u));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private IndexPage.Link relink(String role, URI upstream) {
        if (!upstream.isAbsolute() || upstream.getRawPath() == null) {
            return null;
        }
        String fragment = upstream.getRawFragment();
        String withoutFragment = fragment == null ? upstream.toString()
                : upstream.toString().substring(0, upstream.toString().length() - fragment.length() - 1);
        String sha256 = fragment == null ? null : hashFrom(fragment);
        String rawPath = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        String fileName = URLDecoder.decode(rawPath.substring(rawPath.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        Optional<String> refused = policy.refusal(withoutFragment);
        if (refused.isPresent()) {
            // An absolute link off the index hosts (or out of the allowed prefixes): pip never sees it.
            log.warn("download cache: link {} dropped: {}", Redaction.redact(withoutFragment), refused.get());
            refusals.add(withoutFragment, "link dropped: " + refused.get());
            return null;
        }
        if ("file".equals(upstream.getScheme())) {
            // A local file: pip reads it in place, nothing is fetched or redirected. Written as file:/// again.
            try {
                String local = Path.of(URI.create(withoutFragment)).toUri().toString();
                return new IndexPage.Link(fragment == null ? local : local + "#" + fragment, true);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (!DownloadCache.cacheable(sha256, fileName)) {
            // No hash to key a cache entry by: relayed (confined) all the same, never handed to pip as is.
            String served = base + "/files/" + role + "/" + UNHASHED + Sha256.of(withoutFragment) + "/"
                    + URLEncoder.encode(fileName.isEmpty() ? "file" : fileName, StandardCharsets.UTF_8);
            upstreamByServed.putIfAbsent(served, withoutFragment);
            return new IndexPage.Link(fragment == null ? served : served + "#" + fragment, true);
        }
        if (cache != null && fileName.endsWith(".whl")) {
            Optional<Path> hit = cache.lookup(sha256, fileName);
            if (hit.isPresent()) {
                Path file = hit.get().normalize();
                String owner = upstreamByFile.putIfAbsent(file, withoutFragment);
                if (owner == null || owner.equals(withoutFragment)) {
                    wheelsLinked.incrementAndGet();
                    // pip reads the wheel itself, so the .metadata next to its upstream URL is not needed.
                    return new IndexPage.Link(file.toUri() + "#sha256=" + sha256, false);
                }
            }
        }
        String served = base + "/files/" + role + "/" + sha256 + "/" + URLEncoder.encode(fileName, StandardCharsets.UTF_8);
        upstreamByServed.putIfAbsent(served, withoutFragment);
        return new IndexPage.Link(served + "#sha256=" + sha256, true);
    }

    private static String hashFrom(String fragment) {
        for (String part : fragment.split("&")) {
            if (part.startsWith("sha256=")) {
                return part.substring("sha256=".length()).toLowerCase();
            }
        }
        return null;
    }

    private void file(HttpExchange exchange) throws IOException {
        try {
            String served = origin() + exchange.getRequestURI().getRawPath();
            boolean metadata = served.endsWith(".metadata") && !upstreamByServed.containsKey(served);
            String key = metadata ? served.substring(0, served.length() - ".metadata".length()) : served;
            String upstream = upstreamByServed.get(key);
            if (upstream == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(upstream == null ? 404 : 405, -1);
                return;
            }
            if (metadata) {
                relay(exchange, upstream + ".metadata");
                return;
            }
            String[] parts = key.substring((base + "/files/").length()).split("/", 3);
            String sha256 = parts[1];
            String fileName = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            if (cache == null || sha256.startsWith(UNHASHED)) {
                relay(exchange, upstream);
                return;
            }
            Optional<Path> hit = cache.lookup(sha256, fileName);
            if (hit.isPresent()) {
                long size = Files.size(hit.get());
                exchange.sendResponseHeaders(200, size);
                Files.copy(hit.get(), exchange.getResponseBody());
                filesFromDisk.incrementAndGet();
                bytesFromDisk.addAndGet(size);
                return;
            }
            fetchInto(exchange, upstream, sha256, fileName);
        } catch (RefusedRedirect e) {
            refusals.add(e.target(), e.why());
            log.warn("download cache: file {}: {}", exchange.getRequestURI().getRawPath().replace(base, ""), e.getMessage());
            exchange.sendResponseHeaders(403, -1);
        } catch (IOException | RuntimeException e) {
            log.warn("download cache: {} failed: {}", exchange.getRequestURI().getRawPath().replace(base, ""), e.toString());
            throw e;
        } finally {
            exchange.close();
        }
    }

    /** Streams the upstream file to pip and into the cache at once; the cache keeps it only if it matches. */
    private void fetchInto(HttpExchange exchange, String upstream, String sha256, String fileName) throws IOException {
        try (InputStream in = upstreamBody(exchange, upstream)) {
            if (in == null) {
                return;
            }
            long copied = 0;
            try (DownloadCache.Fill fill = cache.fill(sha256, fileName)) {
                OutputStream out = exchange.getResponseBody();
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    fill.write(buffer, 0, n);
                    out.write(buffer, 0, n);
                    copied += n;
                }
                out.flush();
                if (fill.commit().isPresent()) {
                    filesFetched.incrementAndGet();
                    bytesFetched.addAndGet(copied);
                }
            }
        }
    }

    /** Streams an upstream file to pip, keeping nothing (its redirects confined like every fetch). */
    private void relay(HttpExchange exchange, String upstream) throws IOException {
        try (InputStream in = upstreamBody(exchange, upstream)) {
            if (in == null) {
                return;
            }
            long copied = in.transferTo(exchange.getResponseBody());
            filesRelayed.incrementAndGet();
            bytesRelayed.addAndGet(copied);
        }
    }

    /**
     * GETs an upstream file (its redirects confined like every fetch) and answers pip's headers:
     * the body to stream on a 200, else null once the upstream's status has been passed on.
     */
    private InputStream upstreamBody(HttpExchange exchange, String upstream) throws IOException {
        HttpResponse<InputStream> r = confined(HttpRequest.newBuilder(URI.create(upstream)).timeout(Duration.ofSeconds(60)),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            exchange.sendResponseHeaders(r.statusCode(), -1);
            return null;
        }
        long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
        exchange.sendResponseHeaders(200, length > 0 ? length : 0);
        return r.body();
    }

    /**
     * GETs {@code request}, following redirects itself so that each hop passes the policy first:
     * an index host that redirects to another host (or out of the prefixes) is not followed.
     */
    private <T> HttpResponse<T> confined(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest current = request.GET().build();
        for (int hop = 0; ; hop++) {
            Optional<String> refused = policy.refusal(current.uri().toString());
            if (refused.isPresent()) {
                throw new RefusedRedirect(current.uri().toString(), hop == 0 ? "not fetched: " + refused.get()
                        : "redirect not followed: " + refused.get());
            }
            HttpResponse<T> r = send(current, handler);
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status < 300 || status > 399 || status == 304 || location.isEmpty()) {
                return r;
            }
            if (r.body() instanceof InputStream in) {
                in.close();
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RefusedRedirect(current.uri().toString(), "more than " + MAX_REDIRECTS + " redirects");
            }
            URI next;
            try {
                next = current.uri().resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new RefusedRedirect(current.uri().toString(), "unreadable redirect");
            }
            current = HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(60)).headers(
                    current.headers().map().entrySet().stream().flatMap(h -> h.getValue().stream().flatMap(v -> java.util.stream.Stream.of(h.getKey(), v)))
                            .toArray(String[]::new)).GET().build();
        }
    }

    /** An upstream answer (a redirect) the policy refuses; pip gets an empty answer, never the target. */
    static final class RefusedRedirect extends IOException {
        private final String target;

        private final String why;

        RefusedRedirect(String target, String why) {
            super(why + ": " + Redaction.redact(target));
            this.target = target;
            this.why = why;
        }

        String why() {
            return why;
        }

        String target() {
            return target;
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + request.uri(), e);
        }
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
