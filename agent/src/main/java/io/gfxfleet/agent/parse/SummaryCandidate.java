package io.gfxfleet.agent.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A stretch of output that looks like unittest's closing summary (failure blocks, {@code Ran N tests},
 * {@code OK}/{@code FAILED (...)}). Nothing in it is believed while it is read: a test can print all of
 * it. It counts only if no test activity follows it (the parser drops it at the next status or test
 * description) and the stream ends; the last such stretch is the run's summary.
 *
 * <p>Blocks are kept until then, within bounds: a hostile log may print millions of them.
 */
final class SummaryCandidate implements SummaryReader.Listener {
    static final int MAX_BLOCKS = 20_000;
    static final int MAX_UNEXPECTED = 20_000;
    /** Details kept over all blocks; blocks past it keep a short head and tail only. */
    static final int DETAILS_BUDGET_CHARS = 8 * 1024 * 1024;
    static final int SHORT_DETAILS_CHARS = 2000;

    private final SummaryReader reader;
    /** Whether the latest test was still waiting for its status when this began. */
    final boolean beganWhileTestRunning;
    final List<SummaryBlock> blocks = new ArrayList<>();
    final List<UnitTestName> unexpectedSuccesses = new ArrayList<>();
    long droppedBlocks;
    private long detailsChars;
    Integer ran;
    RunTotals totals;

    private final Predicate<SummaryHeader> believable;
    private boolean blockBelievable;
    long unbelievedBlocks;

    /**
     * @param believable whether a block whose header is read now can be unittest's: not while a test
     *                   is still running (its status not yet printed), since unittest prints blocks
     *                   only after the last test finished
     */
    SummaryCandidate(int maxDetailsChars, boolean beganWhileTestRunning, Predicate<SummaryHeader> believable) {
        this.reader = new SummaryReader(this, maxDetailsChars);
        this.beganWhileTestRunning = beganWhileTestRunning;
        this.believable = believable;
    }

    @Override
    public void onHeader(SummaryHeader header) {
        blockBelievable = believable.test(header);
    }

    void accept(String line) {
        reader.accept(line);
    }

    boolean ranSeen() {
        return ran != null;
    }

    /** The stream ended inside the blocks. */
    void finish() {
        if (ran == null) {
            reader.finish();
        }
    }

    @Override
    public void onBlock(SummaryBlock block) {
        if (!blockBelievable) {
            unbelievedBlocks++;
            return;
        }
        if (blocks.size() >= MAX_BLOCKS) {
            droppedBlocks++;
            return;
        }
        String details = block.details();
        if (details != null && detailsChars + details.length() > DETAILS_BUDGET_CHARS) {
            details = shortened(details);
        }
        detailsChars += details == null ? 0 : details.length();
        blocks.add(new SummaryBlock(block.header(), block.message(), details));
    }

    private static String shortened(String details) {
        if (details.length() <= SHORT_DETAILS_CHARS) {
            return details;
        }
        int half = SHORT_DETAILS_CHARS / 2;
        return details.substring(0, half) + "\n[... " + (details.length() - 2 * half) + " characters cut ...]\n"
                + details.substring(details.length() - half);
    }

    @Override
    public void onUnexpectedSuccess(UnitTestName name) {
        if (unexpectedSuccesses.size() < MAX_UNEXPECTED) {
            unexpectedSuccesses.add(name);
        }
    }

    @Override
    public void onRan(int count) {
        ran = count;
    }
}
