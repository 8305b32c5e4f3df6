package io.gfxfleet.agent.parse;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lines kept within a size limit: the first half and the last half of the limit survive and a
 * marker says how much was cut between them, so a huge traceback keeps both where it started and
 * the exception at its end while memory stays bounded during streaming.
 */
final class BoundedText {
    private final int headLimit;
    private final int tailLimit;
    private final StringBuilder head = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailChars;
    private long cutChars;

    BoundedText(int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars must be at least 2, got " + maxChars);
        }
        this.headLimit = maxChars / 2;
        this.tailLimit = maxChars - headLimit;
    }

    void appendLine(String line) {
        String text = line + "\n";
        if (tail.isEmpty() && cutChars == 0) {
            int room = headLimit - head.length();
            if (text.length() <= room) {
                head.append(text);
                return;
            }
            head.append(text, 0, room);
            text = text.substring(room);
        }
        tail.addLast(text);
        tailChars += text.length();
        while (tailChars > tailLimit) {
            String first = tail.removeFirst();
            int excess = tailChars - tailLimit;
            if (first.length() <= excess) {
                tailChars -= first.length();
                cutChars += first.length();
            } else {
                tail.addFirst(first.substring(excess));
                tailChars -= excess;
                cutChars += excess;
            }
        }
    }

    boolean isEmpty() {
        return head.length() == 0 && tail.isEmpty();
    }

    /** The kept text without trailing blank lines. */
    String text() {
        StringBuilder out = new StringBuilder(head);
        if (cutChars > 0) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            out.append("[... ").append(cutChars).append(" characters cut ...]\n");
        }
        tail.forEach(out::append);
        return out.toString().stripTrailing();
    }
}
