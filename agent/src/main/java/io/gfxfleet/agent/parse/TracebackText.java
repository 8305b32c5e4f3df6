package io.gfxfleet.agent.parse;

/**
 * The body of one summary block. The message is the exception line that follows the last
 * {@code Traceback (most recent call last):} header and its indented frames (e.g.
 * {@code AssertionError: 1 != 2}); it is tracked line by line because the bounded details may have
 * cut it out. Without a traceback header the last non-blank line serves.
 */
final class TracebackText {
    private static final String HEADER = "Traceback (most recent call last):";
    private static final int MAX_MESSAGE_CHARS = 1000;

    private final BoundedText details;
    private boolean inFrames;
    private String exceptionLine;
    private String lastNonBlank;

    TracebackText(int maxChars) {
        this.details = new BoundedText(maxChars);
    }

    void add(String line) {
        details.appendLine(line);
        if (line.strip().equals(HEADER)) {
            inFrames = true;
            exceptionLine = null;
        } else if (inFrames && !line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
            inFrames = false;
            exceptionLine = line;
        }
        if (!line.isBlank()) {
            lastNonBlank = line;
        }
    }

    String message() {
        String message = exceptionLine != null ? exceptionLine : lastNonBlank;
        if (message == null) {
            return null;
        }
        message = message.strip();
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + " [...]" : message;
    }

    String details() {
        String text = details.text();
        return text.isEmpty() ? null : text;
    }
}
