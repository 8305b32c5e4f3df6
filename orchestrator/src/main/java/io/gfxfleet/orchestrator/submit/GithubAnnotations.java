package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One GitHub Actions {@code ::error} workflow command per failing test, so failures show as
 * annotations on the pull request: title = test id, message = the failure's first line. Test ids
 * and messages come from test output, so both are escaped per GitHub's workflow-command rules
 * (a message with a newline or {@code ::} must not start a command of its own).
 */
public final class GithubAnnotations {
    /** GitHub shows at most 10 error annotations per step; a few more cost nothing and stay bounded. */
    static final int MAX_ANNOTATIONS = 50;

    private GithubAnnotations() {}

    /** {@code failures}: failing results per job id, as {@link GithubStepSummary#render} takes them. */
    public static List<String> render(RunView run, Map<String, List<TestResult>> failures) {
        List<String> lines = new ArrayList<>();
        for (JobView job : run.jobs()) {
            for (TestResult r : failures.getOrDefault(job.id(), List.of())) {
                if (lines.size() == MAX_ANNOTATIONS) {
                    return lines;
                }
                lines.add("::error title=" + property(r.testId()) + "::" + data(firstLine(r)));
            }
        }
        return lines;
    }

    private static String firstLine(TestResult r) {
        if (r.message() == null || r.message().isBlank()) {
            return r.status().wireName();
        }
        return r.message().strip().lines().findFirst().orElse("");
    }

    /** Escapes a command's message: {@code %}, CR and LF. */
    public static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a command property's value: as {@link #data} plus {@code :} and {@code ,}. */
    public static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
