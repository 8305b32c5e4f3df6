package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;

import java.util.List;
import java.util.Map;

/**
 * The Markdown a build job shows on its summary page: the run's verdict, then per family a table
 * with verdict, counts and dashboard link, and a table of its failing tests with their messages.
 */
public final class GithubStepSummary {
    static final int MAX_FAILURES_LISTED = 50;
    static final int MAX_MESSAGE = 200;

    private GithubStepSummary() {}

    /** {@code failures}: failing results per job id (jobs that did not fail may be absent). */
    public static String render(RunView run, Map<String, List<TestResult>> failures, boolean waitTimedOut, DashboardLinks links) {
        StringBuilder md = new StringBuilder();
        md.append("## GPU fleet: ").append(VerdictWords.symbol(run.verdict())).append(' ')
                .append(runWord(run.verdict())).append(" · run ").append(cell(run.runId())).append(" · ")
                .append(cell(run.version())).append(" · ").append(run.platform()).append(" · ").append(cell(run.artifactGroup()))
                .append("\n\n");
        if (waitTimedOut) {
            md.append("> **The wait ended before every family had a verdict**; the state below is the last one seen.\n\n");
        }
        md.append("[Open the run on the dashboard](").append(links.run(run.id())).append(")\n\n");
        for (JobView job : run.jobs()) {
            md.append("### ").append(VerdictWords.symbol(job.state())).append(' ').append(job.label()).append(": ")
                    .append(VerdictWords.word(job)).append("\n\n");
            md.append("| Verdict | Passed | Failed | Skipped | Attempt | Agent | Dashboard |\n");
            md.append("|---|---:|---:|---:|---:|---|---|\n");
            md.append("| ").append(VerdictWords.symbol(job.state())).append(' ').append(VerdictWords.word(job))
                    .append(job.reason() == null ? "" : " (" + cell(job.reason()) + ")")
                    .append(" | ").append(job.counts().passed()).append(" | ").append(job.counts().failed())
                    .append(" | ").append(job.counts().skipped()).append(" | ").append(job.attempt())
                    .append(" | ").append(job.agentId() == null ? "—" : cell(job.agentId()))
                    .append(" | [").append(job.label()).append("](").append(links.job(run.id(), job.id())).append(") |\n\n");
            List<TestResult> failing = failures.getOrDefault(job.id(), List.of());
            if (!failing.isEmpty()) {
                md.append("| Failing test | Status | Message |\n|---|---|---|\n");
                for (TestResult r : failing.subList(0, Math.min(MAX_FAILURES_LISTED, failing.size()))) {
                    md.append("| [`").append(r.testId().replace("`", "'")).append("`](")
                            .append(links.history(job.family(), r.testId())).append(") | ").append(r.status().wireName())
                            .append(" | ").append(r.message() == null ? "" : cell(shorten(r.message()))).append(" |\n");
                }
                if (failing.size() > MAX_FAILURES_LISTED) {
                    md.append("\n…and ").append(failing.size() - MAX_FAILURES_LISTED).append(" more on the dashboard.\n");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String runWord(JobState verdict) {
        return switch (verdict) {
            case LEASED -> "running";
            case INFRA_ERROR -> "infra error";
            case TIMED_OUT -> "timed out";
            default -> verdict.wireName();
        };
    }

    private static String shorten(String s) {
        String first = s.strip();
        return first.length() <= MAX_MESSAGE ? first : first.substring(0, MAX_MESSAGE - 1) + "…";
    }

    /** Table-cell safe: no line breaks, no column separators, no HTML. */
    static String cell(String s) {
        return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
