package io.gfxfleet.orchestrator.submit;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.Provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a run submitted from a GitHub Actions job came from, read from the job's environment
 * (given as a map, so tests never touch the real one):
 * <ul>
 *   <li>repository: {@code GITHUB_REPOSITORY};</li>
 *   <li>commit: {@code GITHUB_SHA}, the commit the workflow run built (on a {@code pull_request}
 *       event the merge commit GitHub made of the pull request and its base);</li>
 *   <li>pull request: {@code GITHUB_REF} {@code refs/pull/<n>/merge} (or {@code /head}); else, on
 *       a {@code pull_request*} event, {@code pull_request.number} of the event payload
 *       ({@code GITHUB_EVENT_PATH}, read only when at most {@value #MAX_EVENT_BYTES} bytes);</li>
 *   <li>workflow run: {@code GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID}, with
 *       {@code /attempts/GITHUB_RUN_ATTEMPT} when that is given;</li>
 *   <li>server: {@code GITHUB_SERVER_URL} unless it is {@code https://github.com}.</li>
 * </ul>
 * In a reusable workflow ({@code workflow_call}) these describe the caller's run: TheRock's build
 * that published the packages. Nothing is read unless {@code GITHUB_ACTIONS=true}. A variable that
 * fails the orchestrator's checks is left out with a note, never sent: the environment is not the
 * submitter's to fix, and a run without a link is better than a run refused.
 */
public final class GithubProvenance {
    /** Event payloads are tens of kilobytes; a bigger file is not read (the pull request stays unknown). */
    static final long MAX_EVENT_BYTES = 4L << 20;
    private static final Pattern PULL_REF = Pattern.compile("^refs/pull/([0-9]{1,20})/(?:merge|head)$");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]{1,20}$");

    /** What was read, and a note for each variable left out. */
    public record Reading(Provenance provenance, List<String> notes) {}

    private GithubProvenance() {}

    public static Reading read(Map<String, String> env) {
        List<String> notes = new ArrayList<>();
        if (!"true".equals(env.get("GITHUB_ACTIONS"))) {
            return new Reading(null, notes);
        }
        String server = checked(env, "GITHUB_SERVER_URL", notes, v -> Provenance.webUrlProblem(v, true).orElse(null));
        String repository = checked(env, "GITHUB_REPOSITORY", notes,
                v -> Provenance.isRepository(v) ? null : "is not owner/name");
        String commit = checked(env, "GITHUB_SHA", notes,
                v -> Provenance.isCommit(v) ? null : "is not a full lower-case hex commit SHA");
        Integer pullRequest = pullRequest(env, notes);
        String runUrl = null;
        String runId = checked(env, "GITHUB_RUN_ID", notes, v -> DIGITS.matcher(v).matches() ? null : "is not a number");
        String attempt = checked(env, "GITHUB_RUN_ATTEMPT", notes, v -> DIGITS.matcher(v).matches() ? null : "is not a number");
        if (server != null && repository != null && runId != null) {
            String url = withoutSlash(server) + "/" + repository + "/actions/runs/" + runId + (attempt == null ? "" : "/attempts/" + attempt);
            if (Provenance.webUrlProblem(url, false).isEmpty()) {
                runUrl = url;
            }
        }
        String serverUrl = server == null || withoutSlash(server).equals(Provenance.DEFAULT_SERVER) ? null : withoutSlash(server);
        Provenance p = new Provenance(repository, commit, pullRequest, runUrl, serverUrl);
        return new Reading(p.nothingGiven() ? null : p, notes);
    }

    private static Integer pullRequest(Map<String, String> env, List<String> notes) {
        String ref = env.get("GITHUB_REF");
        if (ref != null) {
            Matcher m = PULL_REF.matcher(ref);
            if (m.matches()) {
                return number(m.group(1), "GITHUB_REF", notes);
            }
        }
        String event = env.get("GITHUB_EVENT_NAME");
        String path = env.get("GITHUB_EVENT_PATH");
        if (event == null || !event.startsWith("pull_request") || path == null || path.isBlank()) {
            return null;
        }
        try {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_EVENT_BYTES) {
                notes.add("GITHUB_EVENT_PATH is not a file of at most " + MAX_EVENT_BYTES + " bytes; pull request left out");
                return null;
            }
            JsonNode number;
            try (InputStream in = Files.newInputStream(file)) {
                number = Json.MAPPER.readTree(in.readNBytes((int) MAX_EVENT_BYTES)).path("pull_request").path("number");
            }
            if (!number.isIntegralNumber() || !number.canConvertToInt()) {
                notes.add("the event payload has no pull_request.number; pull request left out");
                return null;
            }
            return number(Integer.toString(number.intValue()), "pull_request.number in GITHUB_EVENT_PATH", notes);
        } catch (IOException | RuntimeException e) {
            notes.add("cannot read GITHUB_EVENT_PATH (" + e.getMessage() + "); pull request left out");
            return null;
        }
    }

    private static Integer number(String digits, String source, List<String> notes) {
        try {
            int n = Integer.parseInt(digits);
            if (n >= 1 && n <= Provenance.MAX_PULL_REQUEST) {
                return n;
            }
        } catch (NumberFormatException e) {
            // out of range: noted below
        }
        notes.add(source + " names pull request " + digits + ", out of range; left out");
        return null;
    }

    private interface Check {
        /** Why the value is refused, or null. */
        String problem(String value);
    }

    private static String checked(Map<String, String> env, String name, List<String> notes, Check check) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        String why = check.problem(v);
        if (why != null) {
            notes.add(name + " " + why + "; left out");
            return null;
        }
        return v;
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
