package io.gfxfleet.orchestrator.submit;

import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.RunView;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows a followed run. On a terminal: one line per family, redrawn in place. Elsewhere (CI logs):
 * a timestamped line for a family only when its state or counts changed, so logs stay short.
 */
public final class ProgressPrinter {
    private final PrintWriter out;
    private final boolean terminal;
    private final Clock clock;
    private final Map<String, String> lastLine = new HashMap<>();
    private int drawnLines;

    public ProgressPrinter(PrintWriter out, boolean terminal, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    public void show(RunView run) {
        List<JobView> jobs = run.jobs();
        if (terminal) {
            if (drawnLines > 0) {
                // Back to the first line of the block, then overwrite each line.
                out.print("\033[" + drawnLines + "F");
            }
            for (JobView j : jobs) {
                out.print("\033[2K" + line(j) + "\n");
            }
            drawnLines = jobs.size();
        } else {
            for (JobView j : jobs) {
                String l = line(j);
                if (!l.equals(lastLine.put(j.id(), l))) {
                    out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + l);
                }
            }
        }
        out.flush();
    }

    /** Something that is not a family's state, e.g. a lost connection, on a line of its own. */
    public void note(String message) {
        if (terminal) {
            drawnLines = 0;
            out.println(message);
        } else {
            out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + message);
        }
        out.flush();
    }

    static String line(JobView j) {
        var c = j.counts();
        StringBuilder b = new StringBuilder()
                .append(j.label()).append(": ").append(VerdictWords.symbol(j.state())).append(' ').append(VerdictWords.word(j))
                .append(", ").append(c.total()).append(" tests done (").append(c.passed()).append(" passed, ")
                .append(c.failed()).append(" failed, ").append(c.skipped()).append(" skipped)");
        if (j.attempt() > 1) {
            b.append(", attempt ").append(j.attempt());
        }
        if (j.agentId() != null && !j.state().isTerminal()) {
            b.append(", on ").append(j.agentId());
        }
        if (j.reason() != null && j.state().isTerminal()) {
            b.append(": ").append(j.reason());
        }
        return b.toString();
    }
}
