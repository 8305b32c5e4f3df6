package io.gfxfleet.agent.parse;

import java.util.OptionalInt;

/**
 * Reads the summary section: blocks of {@code ====} / header (+ docstring line) / {@code ----} /
 * traceback, an optional {@code UNEXPECTED SUCCESS:} list, and the closing {@code ----} +
 * {@code Ran N tests in X.XXXs}. A separator is only taken as one when the next line confirms it
 * (a header after {@code ====}, the {@code Ran} line after {@code ----} inside a traceback), because
 * captured test output inside a traceback may contain such lines too.
 */
final class SummaryReader {

    interface Listener {
        /** A block's header was read; its body follows. */
        default void onHeader(SummaryHeader header) {
        }

        void onBlock(SummaryBlock block);

        void onUnexpectedSuccess(UnitTestName name);

        void onRan(int count);
    }

    private enum State { BETWEEN, HEADER_DOC, BODY, UNEXPECTED, DONE }

    private final Listener listener;
    private final int maxDetailsChars;
    private State state = State.BETWEEN;
    private boolean pendingBlockSeparator;
    private boolean pendingSectionSeparator;
    private SummaryHeader header;
    private TracebackText body;

    SummaryReader(Listener listener, int maxDetailsChars) {
        this.listener = listener;
        this.maxDetailsChars = maxDetailsChars;
    }

    boolean done() {
        return state == State.DONE;
    }

    void accept(String line) {
        if (pendingSectionSeparator) {
            pendingSectionSeparator = false;
            OptionalInt ran = RunnerLine.ranCount(line);
            if (ran.isPresent()) {
                flushBlock();
                state = State.DONE;
                listener.onRan(ran.getAsInt());
                return;
            }
            if (state == State.HEADER_DOC) {
                state = State.BODY;
            } else if (state == State.BODY) {
                body.add(RunnerLine.SECTION_SEPARATOR);
            }
        }
        if (pendingBlockSeparator) {
            pendingBlockSeparator = false;
            var next = SummaryHeader.parse(line);
            if (next.isPresent()) {
                flushBlock();
                startBlock(next.get());
                return;
            }
            if (state == State.BODY) {
                body.add(RunnerLine.BLOCK_SEPARATOR);
            }
        }
        if (RunnerLine.isSectionSeparator(line)) {
            pendingSectionSeparator = true;
            return;
        }
        if (RunnerLine.isBlockSeparator(line)) {
            pendingBlockSeparator = true;
            return;
        }
        switch (state) {
            case BODY -> body.add(line);
            case UNEXPECTED -> SummaryHeader.parse(line)
                    .filter(h -> h.kind() == SummaryHeader.Kind.UNEXPECTED_SUCCESS)
                    .ifPresent(h -> listener.onUnexpectedSuccess(h.name()));
            default -> {
                // a docstring line under a header, or blank lines between sections
            }
        }
    }

    /** The stream ended inside the summary: hand over what was read. */
    void finish() {
        if (state == State.BODY) {
            if (pendingSectionSeparator) {
                body.add(RunnerLine.SECTION_SEPARATOR);
            }
            if (pendingBlockSeparator) {
                body.add(RunnerLine.BLOCK_SEPARATOR);
            }
        }
        pendingSectionSeparator = false;
        pendingBlockSeparator = false;
        flushBlock();
    }

    private void startBlock(SummaryHeader next) {
        if (next.kind() == SummaryHeader.Kind.UNEXPECTED_SUCCESS) {
            listener.onUnexpectedSuccess(next.name());
            state = State.UNEXPECTED;
            return;
        }
        header = next;
        listener.onHeader(next);
        body = new TracebackText(maxDetailsChars);
        state = State.HEADER_DOC;
    }

    private void flushBlock() {
        if (header != null) {
            listener.onBlock(new SummaryBlock(header, body.message(), body.details()));
            header = null;
            body = null;
        }
        if (state != State.DONE) {
            state = State.BETWEEN;
        }
    }
}
