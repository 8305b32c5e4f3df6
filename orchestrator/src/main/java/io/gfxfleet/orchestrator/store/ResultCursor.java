package io.gfxfleet.orchestrator.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a job's results ("the results after this one") for keyset pagination: the batch's
 * sequence number and the result's place in it, the order results are stored and shown in. Unlike
 * an offset, a page a hundred thousand results deep costs what the first one does. Written
 * {@code <sequence>.<index>}.
 */
public record ResultCursor(long sequence, int index) {
    private static final Pattern TEXT = Pattern.compile("^(\\d{1,18})\\.(\\d{1,9})$");

    /** Before the first result. */
    public static final ResultCursor START = new ResultCursor(-1, -1);

    public static ResultCursor parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected <sequence>.<index> as given in the previous page's X-Next-After, got '"
                    + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'");
        }
        return new ResultCursor(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public String text() {
        return sequence + "." + index;
    }
}
