package io.gfxfleet.protocol.messages;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a run came from: the source repository ({@code owner/name}), the commit that was built
 * (40 hex digits, 64 in a SHA-256 repository), the pull request (a positive number) and the CI
 * run that submitted it (its page's URL). {@code serverUrl} is the forge the repository lives on
 * ({@code https://github.com} when absent; a GitHub Enterprise Server's origin otherwise). Every
 * part is optional; the dashboard turns them into links, so each is checked strictly
 * ({@link #problem()}) before the orchestrator stores it.
 */
public record Provenance(String repository, String commit, Integer pullRequest, String workflowRunUrl, String serverUrl) {
    /** A GitHub owner is at most 39 characters and a repository name at most 100, with the '/'. */
    public static final int MAX_REPOSITORY = 140;
    /** Longer than any CI run page's URL; bounds what a submitter can make the dashboard show. */
    public static final int MAX_URL = 512;
    /** Far beyond any forge's pull request numbers, well inside a 32-bit column. */
    public static final int MAX_PULL_REQUEST = 1_000_000_000;
    public static final String DEFAULT_SERVER = "https://github.com";

    // Owner: letters, digits, '-' and '_' (GitHub Enterprise's normalised logins), starting with a
    // letter or digit; name: letters, digits, '.', '_', '-'. Nothing that means anything in a URL.
    private static final Pattern REPOSITORY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,38}/[A-Za-z0-9._-]{1,100}$");
    private static final Pattern COMMIT = Pattern.compile("^(?:[0-9a-f]{40}|[0-9a-f]{64})$");

    /** Without a server URL: the repository is on github.com. */
    public Provenance(String repository, String commit, Integer pullRequest, String workflowRunUrl) {
        this(repository, commit, pullRequest, workflowRunUrl, null);
    }

    /** Nothing given. (Not {@code isEmpty}: Jackson would write that as a field.) */
    public boolean nothingGiven() {
        return repository == null && commit == null && pullRequest == null && workflowRunUrl == null && serverUrl == null;
    }

    /** A field at fault: its wire name (under {@code provenance.}) and why. */
    public record Problem(String field, String message) {}

    /**
     * The first field that is not acceptable, or empty when every given one is. The checks are the
     * orchestrator's intake rules; {@code submit} applies the same ones to its options.
     */
    public Optional<Problem> problem() {
        if (repository != null && !isRepository(repository)) {
            return problem("repository", "repository must be owner/name (an owner of 1-39 characters of [A-Za-z0-9_-] starting"
                    + " alphanumeric, a name of 1-100 characters of [A-Za-z0-9._-], not '.' or '..'), got " + quote(repository));
        }
        if (commit != null && !COMMIT.matcher(commit).matches()) {
            return problem("commit", "commit must be a full commit SHA: 40 (or, in a SHA-256 repository, 64) lower-case hex digits,"
                    + " got " + quote(commit));
        }
        if (pullRequest != null && (pullRequest < 1 || pullRequest > MAX_PULL_REQUEST)) {
            return problem("pull_request", "pull_request must be a number from 1 to " + MAX_PULL_REQUEST + ", got " + pullRequest);
        }
        if (workflowRunUrl != null) {
            Optional<String> why = webUrlProblem(workflowRunUrl, false);
            if (why.isPresent()) {
                return problem("workflow_run_url", "workflow_run_url " + why.get() + ", got " + quote(workflowRunUrl));
            }
        }
        if (serverUrl != null) {
            Optional<String> why = webUrlProblem(serverUrl, true);
            if (why.isPresent()) {
                return problem("server_url", "server_url " + why.get() + ", got " + quote(serverUrl));
            }
        }
        return Optional.empty();
    }

    public static boolean isRepository(String s) {
        if (s == null || s.length() > MAX_REPOSITORY || !REPOSITORY.matcher(s).matches()) {
            return false;
        }
        String name = s.substring(s.indexOf('/') + 1);
        return !name.equals(".") && !name.equals("..");
    }

    public static boolean isCommit(String s) {
        return s != null && COMMIT.matcher(s).matches();
    }

    /**
     * Why {@code url} may not be shown as a link, or empty: it must be an absolute http(s) URL with
     * a host, without credentials ({@code user@}) or fragment, of printable ASCII, at most
     * {@value #MAX_URL} characters; with {@code originOnly}, nothing after the host and port but
     * an optional '/'. ({@code javascript:}, {@code data:} and markup never pass.)
     */
    public static Optional<String> webUrlProblem(String url, boolean originOnly) {
        if (url.isEmpty() || url.length() > MAX_URL) {
            return Optional.of("must be 1-" + MAX_URL + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            // Quotes and angle brackets are never needed in a CI run's URL; refusing them keeps
            // markup out even where a reader forgets to escape.
            if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') {
                return Optional.of("must be printable ASCII without spaces, quotes, '<', '>', '\\' or '`' (character " + i + ")");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            return Optional.of("must be an absolute http(s) URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            return Optional.of("must not carry credentials (user@ or user:password@)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#...)");
        }
        if (originOnly) {
            String path = uri.getRawPath();
            if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
                return Optional.of("must be only scheme, host and port (e.g. https://github.example.com)");
            }
        }
        return Optional.empty();
    }

    /** The server URL without a trailing '/', {@value #DEFAULT_SERVER} when none was given. */
    public String server() {
        if (serverUrl == null) {
            return DEFAULT_SERVER;
        }
        return serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    /** As shown to readers: a query in the run URL may be a credential, so it is replaced ({@link io.gfxfleet.protocol.url.Redaction}). */
    public Provenance redacted() {
        return new Provenance(repository, commit, pullRequest, io.gfxfleet.protocol.url.Redaction.redact(workflowRunUrl), serverUrl);
    }

    private static Optional<Problem> problem(String field, String message) {
        return Optional.of(new Problem("provenance." + field, message));
    }

    private static String quote(String s) {
        // Bounded: a megabyte-long field must not come back in the error (nor fill a log).
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " characters)" : s) + "'";
    }
}
