package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Turns the output of {@code rocm-sdk test} (CPython unittest, verbose, child stderr interleaved)
 * into one {@link TestResult} per test method while the process runs.
 *
 * <p>Tests print whatever they like, including text that looks exactly like unittest's own lines, so
 * a line is believed for where it stands in the run, not for what it looks like:
 * <ul>
 *   <li>a status line completes the test that is running (the latest description); a description
 *       printed while a test still waits for its status is that test's output (3.11+), or is
 *       decided by the final summary (3.10, which prints no status for a method whose subTests
 *       failed);</li>
 *   <li>failure blocks, {@code Ran N tests} and the {@code OK}/{@code FAILED} line are only
 *       believed when no test activity follows them: the last such summary in the stream is the
 *       run's;</li>
 *   <li>when the methods read disagree with that summary, the summary wins: FAIL/ERROR statuses it
 *       has no block for are not failures, and the disagreement is reported
 *       ({@link ParsedRun#disagreements()}), never turned into failures.</li>
 * </ul>
 *
 * <p>Memory stays bounded however long the output: a result is handed to the sink as soon as it is
 * known (passing ones when the next test starts, failing ones once the summary that explains them is
 * known to be final, i.e. at {@link #finish}); only those held for the summary are kept, at most
 * {@link #MAX_HELD}, each with bounded text.
 *
 * <p>Feed every output line to {@link #accept(String)} in order, then call {@link #finish(StreamEnd)}
 * once. Not thread-safe: one reader thread.
 */
public final class UnittestOutputParser {
    /** Results held back for the summary; past this the oldest are handed on with what is known. */
    public static final int MAX_HELD = 10_000;
    private static final int MAX_NAMED = 20;

    /** Python 3.10 names a test {@code method (module.Class)}, 3.11+ {@code method (module.Class.method)}. */
    private enum Format { UNKNOWN, LEGACY, MODERN }

    /** The record (and subTest, when not null) whose description stood alone before a docstring line. */
    private record DocstringTarget(MethodRecord record, String subTestDescription) {}

    private final String step;
    private final ParserSettings settings;
    private final Consumer<TestResult> sink;
    private final RecentLines recent;
    private final RunTally tally = new RunTally();

    /** Results not handed on yet: failures waiting for their summary block, statusless 3.10 methods. */
    private final Map<String, MethodRecord> held = new LinkedHashMap<>();
    private final Set<String> componentsSeen = new TreeSet<>();
    private final List<String> noOutcome = new ArrayList<>();
    private final List<String> disagreements = new ArrayList<>();

    private Format format = Format.UNKNOWN;
    /** The test whose description came last: statuses complete it until the next description. */
    private MethodRecord current;
    private DocstringTarget awaitingDocstring;
    private String pendingSeparator;
    private SummaryCandidate candidate;
    private boolean anySummary;
    private boolean testsStarted;
    private long methods;
    private long lookAlikes;
    private long aliases;
    private boolean librariesSkipped;
    private boolean profilerSkipped;
    private final List<String> discoveryErrors = new ArrayList<>();
    private boolean finished;

    public UnittestOutputParser(String step, Consumer<TestResult> sink) {
        this(step, ParserSettings.defaults(), sink);
    }

    public UnittestOutputParser(String step, ParserSettings settings, Consumer<TestResult> sink) {
        if (step == null || step.isBlank()) {
            throw new IllegalArgumentException("step must name the plan step, got '" + step + "'");
        }
        this.step = step;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.recent = new RecentLines(settings.crashContextLines());
    }

    /** One line of output, without its line terminator (a trailing CR is dropped). */
    public void accept(String line) {
        if (finished) {
            throw new IllegalStateException("accept after finish");
        }
        Objects.requireNonNull(line, "line");
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        recent.add(text);
        if (candidate != null) {
            acceptInCandidate(text);
        } else {
            acceptDuringTests(text);
        }
    }

    /** The stream ended; emits what is still held and returns the run's account. Call once. */
    public ParsedRun finish(StreamEnd end) {
        Objects.requireNonNull(end, "end");
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finished = true;
        if (pendingSeparator != null) {
            String separator = pendingSeparator;
            pendingSeparator = null;
            acceptTestContent(separator);
        }
        awaitingDocstring = null;
        if (candidate != null) {
            candidate.finish();
        }
        SummaryCandidate summary = finalSummary(end);
        if (summary != null) {
            endWithSummary(summary);
        } else {
            endWithoutSummary(end);
        }
        return account(end, summary);
    }

    /** Exposed for callers that want to show progress: the test now running, if any. */
    public Optional<String> runningTestId() {
        return Optional.ofNullable(current).filter(r -> !r.hasStatus()).map(r -> r.name.testId());
    }

    // --- test phase -------------------------------------------------------------------------

    private void acceptDuringTests(String line) {
        if (pendingSeparator != null) {
            String separator = pendingSeparator;
            pendingSeparator = null;
            boolean confirmed = RunnerLine.isBlockSeparator(separator)
                    ? SummaryHeader.parse(line).isPresent()
                    : RunnerLine.ranCount(line).isPresent();
            if (confirmed) {
                beginCandidate();
                candidate.accept(separator);
                candidate.accept(line);
                return;
            }
            acceptTestContent(separator);
        }
        if (awaitingDocstring == null && (RunnerLine.isBlockSeparator(line) || RunnerLine.isSectionSeparator(line))) {
            pendingSeparator = line;
            return;
        }
        acceptTestContent(line);
    }

    private void acceptTestContent(String line) {
        if (awaitingDocstring != null) {
            acceptDocstringLine(line);
            return;
        }
        if (!testsStarted && acceptNote(line)) {
            return;
        }
        Optional<SubTestLine> sub = SubTestLine.parse(line);
        if (sub.isPresent() && current != null && current.name.testId().equals(sub.get().name().testId())
                && !current.name.legacyFormat()) {
            SubTestLine s = sub.get();
            if (s.afterDots() == null) {
                awaitingDocstring = new DocstringTarget(current, s.description());
            } else {
                acceptAfterDots(current, s.description(), s.afterDots());
            }
            return;
        }
        Optional<ProgressLine> progress = ProgressLine.parse(line);
        if (progress.isPresent()) {
            acceptProgress(progress.get(), line);
            return;
        }
        Optional<StatusWord> status = StatusWord.parse(line);
        if (status.isPresent()) {
            acceptBareStatus(status.get());
            return;
        }
        output(line);
    }

    private void output(String line) {
        if (current != null && !line.isBlank()) {
            current.lastOutput = RecentLines.tail(line);
        }
    }

    private boolean acceptNote(String line) {
        if (RunnerLine.isLibrariesSkipped(line)) {
            librariesSkipped = true;
            return true;
        }
        if (RunnerLine.isProfilerSkipped(line)) {
            profilerSkipped = true;
            return true;
        }
        Optional<String> discovery = RunnerLine.discoveryErrors(line);
        discovery.ifPresent(d -> {
            if (discoveryErrors.size() < MAX_NAMED) {
                discoveryErrors.add(RecentLines.bounded(d));
            }
        });
        return discovery.isPresent();
    }

    private static boolean isRunning(MethodRecord record) {
        return record != null && !record.hasStatus();
    }

    /** A test description, with whatever followed its {@code " ... "} on the same line. */
    private void acceptProgress(ProgressLine progress, String line) {
        UnitTestName name = progress.name();
        if (!fitsFormat(name)) {
            output(line); // a 3.10-style description in a 3.11+ run (or the reverse) is printed by a test
            return;
        }
        applyGluedStatus();
        if (format == Format.MODERN && current != null && current.name.testId().equals(name.testId())) {
            // 3.11+ repeats a description only for the parent's own status after its subTest lines
            acceptAfterDotsOrDocstring(current, progress.afterDots());
            return;
        }
        MethodRecord interrupted = null;
        if (isRunning(current)) {
            if (format == Format.MODERN) {
                if (!current.hasSubtests()) {
                    lookAlikes++;
                    output(line); // 3.11+ starts no test before the running one has its status
                    return;
                }
            } else if (!name.fixture()) {
                interrupted = current;
            }
        } else if (current != null && current.statusOnDescriptionLine && current.interrupted != null
                && !current.interrupted.hasStatus() && !name.fixture()) {
            interrupted = current.interrupted; // still inside the 3.10 test that printed the last description
        }
        closeCurrent();
        MethodRecord record = new MethodRecord(name, settings.clockMillis().getAsLong());
        record.interrupted = interrupted;
        if (!name.fixture()) {
            testsStarted = true;
            methods++;
            componentsSeen.add(name.component());
            if (format == Format.UNKNOWN) {
                format = name.legacyFormat() ? Format.LEGACY : Format.MODERN;
            }
        }
        current = record;
        acceptAfterDotsOrDocstring(record, progress.afterDots());
    }

    /**
     * A test that wrote output without a newline gets its status glued to it ({@code progress 50%ok}):
     * found when the next description (or the end) shows that no status line came after that output.
     */
    private void applyGluedStatus() {
        if (current == null || current.hasSubtests()) {
            return; // (lastOutput is only what came after the latest status)
        }
        gluedStatus(current).ifPresent(glued -> applyStatus(current, glued, false));
    }

    /** A status glued to the end of the record's last output; a whole description line a test printed is not one. */
    private static Optional<StatusWord> gluedStatus(MethodRecord record) {
        String last = record.lastOutput;
        if (last == null || ProgressLine.parse(last).isPresent() || SubTestLine.parse(last).isPresent()) {
            return Optional.empty();
        }
        return StatusWord.parseSuffix(last);
    }

    private boolean fitsFormat(UnitTestName name) {
        if (name.fixture() || format == Format.UNKNOWN) {
            return true;
        }
        return name.legacyFormat() == (format == Format.LEGACY);
    }

    private void acceptAfterDotsOrDocstring(MethodRecord record, String afterDots) {
        if (afterDots == null) {
            awaitingDocstring = new DocstringTarget(record, null);
        } else {
            acceptAfterDots(record, null, afterDots);
        }
    }

    private void acceptDocstringLine(String line) {
        DocstringTarget target = awaitingDocstring;
        awaitingDocstring = null;
        Optional<String> after = ProgressLine.afterDocstring(line);
        if (after.isPresent()) {
            acceptAfterDots(target.record(), target.subTestDescription(), after.get());
        } else {
            acceptTestContent(line); // not a docstring after all: ordinary output
        }
    }

    /** What followed {@code " ... "}: a status, output, or (3.10) the next test's description. */
    private void acceptAfterDots(MethodRecord record, String subTestDescription, String text) {
        if (text.isBlank()) {
            return;
        }
        Optional<StatusWord> status = StatusWord.parse(text);
        if (status.isPresent()) {
            if (subTestDescription == null) {
                applyStatus(record, status.get(), true);
            } else {
                applySubTestStatus(record, subTestDescription, status.get());
            }
            return;
        }
        if (subTestDescription == null && record.name.legacyFormat()) {
            Optional<ProgressLine> next = ProgressLine.parse(text);
            if (next.isPresent()) {
                acceptProgress(next.get(), text);
                return;
            }
        }
        output(text);
    }

    /** A status line of its own: it completes the test that is running. */
    private void acceptBareStatus(StatusWord status) {
        if (current == null) {
            return;
        }
        MethodRecord running = current.interrupted;
        if (current.statusOnDescriptionLine && running != null && !running.hasStatus()) {
            // 3.10: either the descriptions since the running test started were its output and this is its
            // status, or it is a class fixture's bare ERROR; the final summary tells (resolveInterruptions).
            running.pendingStatus = status;
        }
        if (status.status() == TestStatus.SKIPPED && current.statusOnDescriptionLine) {
            return; // 3.12.1 prints a decorator-skipped test as a bare line without its name
        }
        applyStatus(current, status, false);
    }

    private void applyStatus(MethodRecord record, StatusWord status, boolean onDescriptionLine) {
        if (record.ownStatus != null) {
            record.previousStatus = record.ownStatus;
            record.previousMessage = record.ownMessage;
        }
        record.ownStatus = status.status();
        record.statusOnDescriptionLine = onDescriptionLine;
        record.lastOutput = null;
        record.endMillis = settings.clockMillis().getAsLong();
        record.ownMessage = switch (status.status()) {
            case SKIPPED -> status.reason();
            case UNEXPECTED_SUCCESS -> "unexpected success: the test is marked expectedFailure but passed";
            default -> null;
        };
    }

    private void applySubTestStatus(MethodRecord record, String description, StatusWord status) {
        MethodRecord.SubTest sub = record.subtest(description);
        sub.status = status.status();
        if (status.status() == TestStatus.SKIPPED) {
            sub.message = status.reason();
        }
    }

    /** The latest test is over (the next one started): hand it on, or hold it for the summary. */
    private void closeCurrent() {
        MethodRecord record = current;
        current = null;
        awaitingDocstring = null;
        if (record == null) {
            return;
        }
        if (record.endMillis == null) {
            record.endMillis = settings.clockMillis().getAsLong();
        }
        TestStatus status = record.overallStatus();
        if (status != null && !status.isFailure() && record.interrupted == null && record.previousStatus == null) {
            emit(record);
        } else {
            hold(record);
        }
    }

    private void hold(MethodRecord record) {
        String key = record.name.testId();
        if (held.containsKey(key) && held.get(key) != record) {
            key = key + "\u0000" + (++aliases); // the same id again (or printed by the test): the first keeps the id
        }
        held.put(key, record);
        if (held.size() > MAX_HELD) {
            Iterator<MethodRecord> oldest = held.values().iterator();
            MethodRecord first = oldest.next();
            oldest.remove();
            if (tally.heldOverflow++ == 0) {
                disagreements.add("more than " + MAX_HELD + " failing tests waited for the summary: the oldest"
                        + " were reported before it, without their tracebacks");
            }
            emitUnconfirmed(first, null);
        }
    }

    private void emit(MethodRecord record) {
        if (record.emitted) {
            return;
        }
        record.emitted = true;
        TestResult result = record.toResult(step);
        tally.count(result);
        sink.accept(result);
    }

    // --- summary ----------------------------------------------------------------------------

    private void beginCandidate() {
        anySummary = true;
        awaitingDocstring = null;
        boolean running = isRunning(current) && !current.hasSubtests() && gluedStatus(current).isEmpty();
        // In a 3.11+ run nothing but a test's own output comes while it waits for its status.
        candidate = new SummaryCandidate(settings.maxDetailsChars(), running, this::blockCanBeUnittests);
    }

    /** A failure block begins: unittest's only once no test is waiting for its status. */
    private boolean blockCanBeUnittests(SummaryHeader header) {
        if (!isRunning(current) || current.hasSubtests() || gluedStatus(current).isPresent()) {
            return true;
        }
        // 3.10 prints no status for a method whose subTests failed: the summary may follow it directly.
        return format == Format.LEGACY;
    }

    private void acceptInCandidate(String line) {
        if (isTestActivity(line)) {
            // A status or a test description after it: the "summary" was printed by a test.
            candidate = null;
            lookAlikes++;
            acceptDuringTests(line);
            return;
        }
        output(line); // still the running test's output, should no test activity follow
        if (!candidate.ranSeen()) {
            candidate.accept(line);
            return;
        }
        if (candidate.totals == null) {
            Optional<RunTotals> totals = RunTotals.parse(line);
            if (totals.isPresent()) {
                candidate.totals = totals.get();
                return;
            }
        }
        // After the summary: only another summary (or a status, above) can follow that matters.
        SummaryCandidate kept = candidate;
        candidate = null;
        acceptDuringTests(line);
        if (candidate == null) {
            candidate = kept;
        }
    }

    private boolean isTestActivity(String line) {
        if (StatusWord.parse(line).isPresent()) {
            return true;
        }
        Optional<ProgressLine> progress = ProgressLine.parse(line);
        return progress.isPresent() && fitsFormat(progress.get().name());
    }

    /**
     * The last summary counts if it reached {@code Ran N}; not when the process was killed while the
     * test that printed it was still running.
     */
    private SummaryCandidate finalSummary(StreamEnd end) {
        if (candidate == null || !candidate.ranSeen()) {
            return null;
        }
        boolean abnormal = end instanceof StreamEnd.Signalled || end instanceof StreamEnd.TimedOut;
        if (abnormal && candidate.beganWhileTestRunning) {
            return null;
        }
        return candidate;
    }

    private void endWithSummary(SummaryCandidate summary) {
        applyGluedStatus();
        closeCurrent();
        for (SummaryBlock block : summary.blocks) {
            applyBlock(block);
        }
        if (summary.unbelievedBlocks > 0) {
            lookAlikes++;
        }
        if (summary.droppedBlocks > 0) {
            disagreements.add(summary.droppedBlocks + " summary blocks past the first " + SummaryCandidate.MAX_BLOCKS
                    + " were not read");
        }
        for (UnitTestName name : summary.unexpectedSuccesses) {
            MethodRecord record = held.get(name.testId());
            if (record != null && record.ownStatus == null) {
                applyStatus(record, new StatusWord(TestStatus.UNEXPECTED_SUCCESS, null), false);
            }
        }
        resolveInterruptions();
        int ran = summary.ran;
        long dropped = 0;
        long unconfirmed = 0;
        List<MethodRecord> records = new ArrayList<>(held.values());
        held.clear();
        for (MethodRecord record : records) {
            if (record.dropSubtestFailuresWithoutBlock() > 0) {
                unconfirmed++;
            }
            boolean claimsFailure = record.ownStatus == TestStatus.FAILED || record.ownStatus == TestStatus.ERROR;
            if (claimsFailure && !record.ownBlock) {
                unconfirmed++;
                boolean earlierFits = record.previousStatus != null && record.previousStatus != TestStatus.FAILED
                        && record.previousStatus != TestStatus.ERROR;
                record.ownStatus = earlierFits ? record.previousStatus : null;
                record.ownMessage = earlierFits ? record.previousMessage : null;
            }
            if (record.overallStatus() == null) {
                if (!record.name.fixture() && methods > ran) {
                    methods--;
                    dropped++;
                    continue; // a description a test printed: the summary's count has no room for it
                }
                record.ownStatus = TestStatus.PASSED;
                record.ownMessage = "unittest's status line for this test was not recognised;"
                        + " the final summary lists no failure for it";
                noOutcome(record);
            }
            emit(record);
        }
        if (unconfirmed > 0) {
            disagreements.add(unconfirmed + " FAIL/ERROR status lines that the final summary has no block for"
                    + " were printed by tests, not by unittest");
        }
        if (dropped > 0) {
            disagreements.add(dropped + " test descriptions printed by tests were not counted as tests");
        }
    }

    /** 3.10: a method interrupted by a description has a block (its subTests failed), or printed it. */
    private void resolveInterruptions() {
        Map<MethodRecord, MethodRecord> lastPrinted = new LinkedHashMap<>();
        for (MethodRecord record : held.values()) {
            MethodRecord running = record.interrupted;
            if (running != null && !running.hasStatus() && !running.ownBlock && !running.hasSubtests()) {
                lastPrinted.put(running, record);
            }
        }
        held.values().removeIf(r -> r.interrupted != null && lastPrinted.containsKey(r.interrupted) && countDropped());
        for (Map.Entry<MethodRecord, MethodRecord> printed : lastPrinted.entrySet()) {
            MethodRecord running = printed.getKey();
            MethodRecord last = printed.getValue();
            if (running.pendingStatus != null) {
                applyStatus(running, running.pendingStatus, false);
            } else {
                // The last status line read belongs to the test that printed these descriptions.
                running.ownStatus = last.ownStatus;
                running.ownMessage = last.ownMessage;
                running.previousStatus = last.previousStatus;
                running.previousMessage = last.previousMessage;
                running.endMillis = last.endMillis;
            }
            if (!running.emitted && !held.containsValue(running)) {
                hold(running);
            }
        }
    }

    private boolean countDropped() {
        methods--;
        lookAlikes++;
        return true;
    }

    private void applyBlock(SummaryBlock block) {
        SummaryHeader header = block.header();
        MethodRecord record = held.get(header.name().testId());
        if (record == null) {
            record = new MethodRecord(header.name(), settings.clockMillis().getAsLong());
            held.put(header.name().testId(), record);
            if (!header.name().fixture()) {
                disagreements.add("the summary has a block for " + RecentLines.bounded(header.name().testId())
                        + ", which no failing status line announced");
            }
        }
        TestStatus flavour = header.kind() == SummaryHeader.Kind.FAIL ? TestStatus.FAILED : TestStatus.ERROR;
        if (header.subTestDescription() == null) {
            record.ownStatus = flavour;
            record.ownBlock = true;
            record.ownMessage = block.message();
            record.ownDetails = block.details();
        } else {
            MethodRecord.SubTest sub = record.subtest(header.subTestDescription());
            sub.status = flavour;
            sub.fromBlock = true;
            sub.message = block.message();
            sub.details = block.details();
        }
    }

    private void endWithoutSummary(StreamEnd end) {
        boolean abnormal = end instanceof StreamEnd.Signalled || end instanceof StreamEnd.TimedOut;
        if (!abnormal) {
            applyGluedStatus();
        }
        MethodRecord running = current;
        if (running != null && !running.hasStatus() && !running.hasSubtests()) {
            running.ownStatus = end instanceof StreamEnd.TimedOut ? TestStatus.TIMED_OUT : TestStatus.CRASHED;
            running.ownMessage = "rocm-sdk test " + end.describe() + " while this test was running";
            running.ownDetails = recent.text();
            running.endMillis = settings.clockMillis().getAsLong();
        }
        closeCurrent();
        List<MethodRecord> records = new ArrayList<>(held.values());
        held.clear();
        for (MethodRecord record : records) {
            emitUnconfirmed(record, end);
        }
    }

    /** A held result handed on without a summary to confirm it (end null: the summary may still come). */
    private void emitUnconfirmed(MethodRecord record, StreamEnd end) {
        if (record.overallStatus() == null) {
            record.ownStatus = TestStatus.ERROR;
            record.ownMessage = end == null ? "no outcome: reported before the summary"
                    : "no outcome: rocm-sdk test " + end.describe() + " before its summary";
            noOutcome(record);
        } else if (record.overallStatus().isFailure() && record.ownMessage == null && !record.hasSubtests()) {
            record.ownMessage = end == null ? "no traceback: reported before the summary"
                    : "no traceback: rocm-sdk test " + end.describe() + " before its summary";
        }
        emit(record);
    }

    private void noOutcome(MethodRecord record) {
        if (noOutcome.size() < MAX_NAMED) {
            noOutcome.add(RecentLines.bounded(record.name.testId()));
        }
    }

    // --- the account ------------------------------------------------------------------------

    private ParsedRun account(StreamEnd end, SummaryCandidate summary) {
        RunNotes notes = new RunNotes(librariesSkipped, profilerSkipped, discoveryErrors);
        boolean ranSeen = summary != null;
        int ran = ranSeen ? summary.ran : (int) Math.min(Integer.MAX_VALUE, methods);
        RunTotals totals = summary == null ? null : summary.totals;
        List<String> problems = new RunProblems(settings.expectedComponents()).find(
                end, ranSeen, ran, totals, notes, componentsSeen, tally.failing() > 0, noOutcome);
        if (ranSeen && methods != ran) {
            disagreements.add("parsed " + methods + " test methods but unittest reported Ran " + ran
                    + ": the final summary counts");
        }
        if (lookAlikes > 0) {
            disagreements.add(lookAlikes + " stretches of test output looked like unittest's own lines and were"
                    + " read as output");
        }
        boolean exitOk = end instanceof StreamEnd.Unrecorded
                || (end instanceof StreamEnd.Exited exited && exited.exitCode() == 0);
        boolean passed = exitOk && totals != null && totals.ok() && problems.isEmpty();
        if (passed && tally.failing() > 0) {
            disagreements.add(tally.failing() + " failing results although the final summary says OK");
        }
        return new ParsedRun(tally.snapshot(), methods, ranSeen, ran, totals, anySummary, notes, problems,
                disagreements, end, passed);
    }
}
