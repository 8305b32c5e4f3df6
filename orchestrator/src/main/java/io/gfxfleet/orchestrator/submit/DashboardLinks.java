package io.gfxfleet.orchestrator.submit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Dashboard addresses for a run, a family's job and a test's history, under the orchestrator's URL. */
public record DashboardLinks(String base) {
    public DashboardLinks {
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String run(String runKey) {
        return base + "/ui/run.html?id=" + runKey;
    }

    public String job(String runKey, String jobId) {
        return run(runKey) + "&job=" + jobId;
    }

    public String history(String family, String testId) {
        return base + "/ui/history.html?family=" + encode(family) + "&test_id=" + encode(testId);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
