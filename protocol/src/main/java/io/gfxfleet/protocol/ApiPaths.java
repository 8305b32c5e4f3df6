package io.gfxfleet.protocol;

import io.gfxfleet.protocol.url.PathSegment;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every route of the orchestrator's HTTP API, named once for the server's router and every client
 * (the agent, {@code submit}, the load generator, and the dashboard's pages through the
 * {@code api-paths.js} the orchestrator writes from these constants). Templates use the router's {@code :name}
 * parameters; {@link #fill} makes a request path of one. docs/api/openapi.yaml documents exactly
 * these paths (ApiPathsTest holds the two together).
 */
public final class ApiPaths {
    private static final String P = ApiVersion.PREFIX;

    public static final String HEALTH = P + "/health";
    public static final String OPENAPI = P + "/openapi.yaml";

    public static final String RUNS = P + "/runs";
    public static final String RUN = P + "/runs/:id";
    public static final String RUN_PROGRESS = P + "/runs/:id/progress";
    public static final String RUN_CANCEL = P + "/runs/:id/cancel";

    public static final String JOB = P + "/jobs/:id";
    public static final String JOB_RESULTS = P + "/jobs/:id/results";
    public static final String JOB_ATTEMPTS = P + "/jobs/:id/attempts";
    public static final String JOB_LOGS = P + "/jobs/:id/logs";
    public static final String JOB_LOG = P + "/jobs/:id/logs/:attempt/:name";

    public static final String MATRIX = P + "/matrix";
    public static final String HISTORY = P + "/history";
    public static final String FAMILY_LAST_RED = P + "/families/:family/last-red";

    public static final String LEASES = P + "/leases";
    public static final String LEASE_HEARTBEAT = P + "/leases/:lease/heartbeat";
    public static final String LEASE_RESULTS = P + "/leases/:lease/results";
    public static final String LEASE_COMPLETE = P + "/leases/:lease/complete";
    public static final String LEASE_RELEASE = P + "/leases/:lease/release";
    public static final String LEASE_LOG = P + "/leases/:lease/logs/:name";

    public static final String AGENTS = P + "/agents";
    public static final String AGENT_DRAIN = P + "/agents/:agent/drain";
    public static final String AGENT_UNDRAIN = P + "/agents/:agent/undrain";
    public static final String AGENT_UNQUARANTINE = P + "/agents/:agent/unquarantine";

    public static final String EVENTS = P + "/events";

    /** The operator's routes, at the root: no token, no body. */
    public static final String METRICS = "/metrics";
    public static final String READYZ = "/readyz";
    public static final String LIVEZ = "/livez";

    /** Every route above, for the contract test against docs/api/openapi.yaml. */
    public static final List<String> ALL = List.of(HEALTH, OPENAPI, RUNS, RUN, RUN_PROGRESS, RUN_CANCEL,
            JOB, JOB_RESULTS, JOB_ATTEMPTS, JOB_LOGS, JOB_LOG, MATRIX, HISTORY, FAMILY_LAST_RED,
            LEASES, LEASE_HEARTBEAT, LEASE_RESULTS, LEASE_COMPLETE, LEASE_RELEASE, LEASE_LOG,
            AGENTS, AGENT_DRAIN, AGENT_UNDRAIN, AGENT_UNQUARANTINE, EVENTS, METRICS, READYZ, LIVEZ);

    private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z_]+)");

    private ApiPaths() {}

    /**
     * The request path for {@code template} with its parameters, in order, replaced by
     * {@code values}; each value is percent-encoded as one path segment, so an id can never reach
     * another route.
     */
    public static String fill(String template, Object... values) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (m.find()) {
            if (i >= values.length) {
                throw new IllegalArgumentException(template + " needs more than " + values.length + " value(s)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encodeSegment(String.valueOf(values[i++]))));
        }
        if (i != values.length) {
            throw new IllegalArgumentException(template + " takes " + i + " value(s), got " + values.length);
        }
        return m.appendTail(out).toString();
    }

    /** Whether request {@code path} is a path of {@code template} (each parameter one non-empty segment). */
    public static boolean matches(String template, String path) {
        // Compiled once per template: the server asks this of every write request, and compiling
        // the pattern each time was a measurable share of its CPU per lease operation.
        return TEMPLATE_PATTERNS.computeIfAbsent(template, ApiPaths::pattern).matcher(path).matches();
    }

    private static final java.util.Map<String, Pattern> TEMPLATE_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder("^");
        Matcher m = PARAMETER.matcher(template);
        int done = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(done, m.start()))).append("[^/]+");
            done = m.end();
        }
        regex.append(Pattern.quote(template.substring(done))).append('$');
        return Pattern.compile(regex.toString());
    }

    /** {@code template} in OpenAPI's form: {@code /runs/{id}} for {@code /runs/:id}. */
    public static String openApiForm(String template) {
        return PARAMETER.matcher(template).replaceAll("{$1}");
    }

    private static String encodeSegment(String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("'" + value + "' is no path parameter");
        }
        return PathSegment.encode(value);
    }
}
