package io.gfxfleet.agent.parse;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last few output lines, kept to explain a crash or a timeout. */
final class RecentLines {
    private static final int MAX_LINE_CHARS = 2000;
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    RecentLines(int capacity) {
        this.capacity = capacity;
    }

    void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(bounded(line));
    }

    /** The end of a line (where a status glued to a test's output is), within {@value #MAX_LINE_CHARS} characters. */
    static String tail(String line) {
        return line.length() > MAX_LINE_CHARS ? line.substring(line.length() - MAX_LINE_CHARS) : line;
    }

    /** A line kept for later (a test's last output, a name in a message) within {@value #MAX_LINE_CHARS} characters. */
    static String bounded(String line) {
        return line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + " [... line cut]" : line;
    }

    String text() {
        return String.join("\n", lines);
    }
}
