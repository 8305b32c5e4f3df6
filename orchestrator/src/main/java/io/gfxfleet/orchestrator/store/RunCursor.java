package io.gfxfleet.orchestrator.store;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the runs, newest first: "the runs after this one" for keyset pagination. Unlike an
 * offset it neither skips nor repeats a run when new runs arrive between two pages, and it costs
 * the same on the first page and a year deep. Written {@code <created_at millis>_<run key>}.
 */
public record RunCursor(Instant createdAt, String runKey) {
    private static final Pattern TEXT = Pattern.compile("^(\\d{1,15})_([A-Za-z0-9-]{1,64})$");

    public RunCursor {
        if (createdAt == null || runKey == null || !runKey.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a run cursor needs a time and a run key of letters, digits and '-'");
        }
    }

    public static RunCursor parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected <milliseconds>_<run key> as given in the previous page's next cursor, got '"
                    + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'");
        }
        return new RunCursor(Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2));
    }

    /** The cursor that continues after this run. */
    public static RunCursor after(io.gfxfleet.protocol.messages.RunView run) {
        return new RunCursor(run.createdAt(), run.id());
    }

    public String text() {
        return createdAt.toEpochMilli() + "_" + runKey;
    }
}
