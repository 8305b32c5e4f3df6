package io.gfxfleet.agent.parse;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the output of {@code rocm-sdk test} (CPython unittest, verbose, child stderr interleaved)
 * into one {@link TestResult} per test method while the process runs.
 *
 * <p>Feed every output line to {@link #accept(String)} in order, then call {@link #finish(StreamEnd)}
 * once. Passing, skipped and expected-failure results reach the sink as soon as their status line
 * is read; failing ones once their summary blocks (traceback, message) are read, or at
 * {@code finish} when the summary never came. A test still running when the stream ends is
 * CRASHED (or TIMED_OUT) with the last output lines as details. Not thread-safe: one reader thread.
 */
public final class UnittestOutputParser {

    private enum Phase { TESTS, SUMMARY, AFTER_RUN }

    /** The record (and subTest, when not null) whose description stood alone before a docstring line. */
    private record DocstringTarget(MethodRecord record, String subTestDescription) {}

    private final String step;
    private final ParserSettings settings;
    private final Consumer<TestResult> sink;
    private final RecentLines recent;

    /** All methods of the whole stream, for the end-of-run checks. */
    private final List<MethodRecord> allRecords = new ArrayList<>();
    /** Methods of the current runner round by test id, to match summary blocks. */
    private final Map<String, MethodRecord> byId = new LinkedHashMap<>();
    private final List<TestResult> emitted = new ArrayList<>();
    private final List<String> noOutcome = new ArrayList<>();

    private Phase phase = Phase.TESTS;
    private MethodRecord open;
    private DocstringTarget awaitingDocstring;
    private String pendingSeparator;
    private SummaryReader summary;
    private boolean testsStarted;
    private boolean summarySeen;
    private boolean ranSeen;
    private int ran;
    private RunTotals totals;
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
        switch (phase) {
            case TESTS -> acceptDuringTests(text);
            case SUMMARY -> summary.accept(text);
            case AFTER_RUN -> acceptAfterRun(text);
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
        if (phase == Phase.SUMMARY) {
            summary.finish();
        }
        if (open != null) {
            endOpenAtStreamEnd(end);
        }
        emitHeld(end);
        RunNotes notes = new RunNotes(librariesSkipped, profilerSkipped, discoveryErrors);
        List<String> problems = new RunProblems(settings.expectedComponents()).find(
                end, ranSeen, ran, totals, notes, allRecords, emitted, noOutcome);
        boolean exitOk = end instanceof StreamEnd.Unrecorded
                || (end instanceof StreamEnd.Exited exited && exited.exitCode() == 0);
        boolean passed = exitOk && totals != null && totals.ok()
                && emitted.stream().noneMatch(r -> r.status().isFailure()) && problems.isEmpty();
        return new ParsedRun(emitted, ranSeen, ran, totals, summarySeen, notes, problems, end, passed);
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
                beginSummary();
                summary.accept(separator);
                summary.accept(line);
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
        if (open == null && acceptNote(line)) {
            return;
        }
        Optional<SubTestLine> sub = SubTestLine.parse(line);
        if (sub.isPresent() && open != null && open.name.testId().equals(sub.get().name().testId())) {
            SubTestLine s = sub.get();
            if (s.afterDots() == null) {
                awaitingDocstring = new DocstringTarget(open, s.description());
            } else {
                acceptAfterDots(open, s.description(), s.afterDots());
            }
            return;
        }
        Optional<ProgressLine> progress = ProgressLine.parse(line);
        if (progress.isPresent()) {
            acceptProgress(progress.get());
            return;
        }
        Optional<StatusWord> status = StatusWord.parse(line);
        if (status.isPresent()) {
            // Without an open test this is 3.10's bare outcome of a class/module fixture: its summary block names it.
            if (open != null) {
                applyOwnStatus(open, status.get());
            }
            return;
        }
        if (open != null && !line.isBlank()) {
            open.lastOutput = line;
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
        discovery.ifPresent(discoveryErrors::add);
        return discovery.isPresent();
    }

    private void acceptProgress(ProgressLine progress) {
        MethodRecord record;
        if (open != null && open.name.testId().equals(progress.name().testId())) {
            // 3.11+: the method's own outcome after its subTest lines repeats its description.
            record = open;
        } else {
            closeOpen();
            record = startRecord(progress.name());
        }
        if (progress.afterDots() == null) {
            awaitingDocstring = new DocstringTarget(record, null);
        } else {
            acceptAfterDots(record, null, progress.afterDots());
        }
    }

    private void acceptDocstringLine(String line) {
        DocstringTarget target = awaitingDocstring;
        awaitingDocstring = null;
        Optional<String> after = ProgressLine.afterDocstring(line);
        if (after.isPresent()) {
            acceptAfterDots(target.record(), target.subTestDescription(), after.get());
        } else {
            // Not a docstring after all: treat it as ordinary output.
            acceptTestContent(line);
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
                applyOwnStatus(record, status.get());
            } else {
                applySubTestStatus(record, subTestDescription, status.get());
            }
            return;
        }
        if (subTestDescription == null && record.name.legacyFormat()) {
            Optional<ProgressLine> next = ProgressLine.parse(text);
            if (next.isPresent()) {
                acceptProgress(next.get());
                return;
            }
        }
        if (record == open) {
            record.lastOutput = text;
        }
    }

    private MethodRecord startRecord(UnitTestName name) {
        testsStarted = true;
        MethodRecord record = new MethodRecord(name, settings.clockMillis().getAsLong());
        allRecords.add(record);
        byId.put(name.testId(), record);
        open = record;
        return record;
    }

    private void applyOwnStatus(MethodRecord record, StatusWord status) {
        record.ownStatus = status.status();
        switch (status.status()) {
            case SKIPPED -> record.ownMessage = status.reason();
            case FAILED, ERROR -> record.expectedBlocks++;
            case UNEXPECTED_SUCCESS -> record.ownMessage =
                    "unexpected success: the test is marked expectedFailure but passed";
            default -> {
            }
        }
        close(record);
    }

    private void applySubTestStatus(MethodRecord record, String description, StatusWord status) {
        MethodRecord.SubTest sub = record.subtest(description);
        sub.status = status.status();
        if (status.status() == TestStatus.SKIPPED) {
            sub.message = status.reason();
        } else if (status.status().isFailure()) {
            record.expectedBlocks++;
        }
    }

    /** The next test (or the summary) started while the open one printed no status of its own. */
    private void closeOpen() {
        if (open == null) {
            return;
        }
        MethodRecord record = open;
        if (record.ownStatus == null && !record.hasSubtests()) {
            Optional<StatusWord> glued = StatusWord.parseSuffix(record.lastOutput);
            if (glued.isPresent()) {
                applyOwnStatus(record, glued.get());
                return;
            }
        }
        close(record);
    }

    private void close(MethodRecord record) {
        if (record == open) {
            open = null;
        }
        record.closed = true;
        record.endMillis = settings.clockMillis().getAsLong();
        emitIfComplete(record);
    }

    private void emitIfComplete(MethodRecord record) {
        if (record.emitted || !record.closed) {
            return;
        }
        TestStatus status = record.overallStatus();
        if (status == null) {
            return; // 3.10 prints nothing for a method whose subTests failed: the summary tells
        }
        if (status == TestStatus.FAILED || status == TestStatus.ERROR) {
            // 3.10 does not announce failing subTests, so any later block may still belong to this method.
            boolean summaryPending = record.name.legacyFormat() || record.name.fixture()
                    ? phase != Phase.AFTER_RUN
                    : record.blocksRead < record.expectedBlocks;
            if (summaryPending) {
                return;
            }
        }
        emit(record);
    }

    private void emit(MethodRecord record) {
        record.emitted = true;
        TestResult result = record.toResult(step);
        emitted.add(result);
        sink.accept(result);
    }

    // --- summary phase ----------------------------------------------------------------------

    private void beginSummary() {
        awaitingDocstring = null;
        closeOpen();
        summarySeen = true;
        phase = Phase.SUMMARY;
        summary = new SummaryReader(new SummaryListener(), settings.maxDetailsChars());
    }

    private final class SummaryListener implements SummaryReader.Listener {
        @Override
        public void onBlock(SummaryBlock block) {
            SummaryHeader header = block.header();
            MethodRecord record = recordFromSummary(header.name());
            TestStatus flavour = header.kind() == SummaryHeader.Kind.FAIL ? TestStatus.FAILED : TestStatus.ERROR;
            if (header.subTestDescription() == null) {
                if (record.ownStatus == null || !record.ownStatus.isFailure()) {
                    record.ownStatus = flavour;
                }
                record.ownMessage = block.message();
                record.ownDetails = block.details();
            } else {
                MethodRecord.SubTest sub = record.subtest(header.subTestDescription());
                if (sub.status == null || !sub.status.isFailure()) {
                    sub.status = flavour;
                }
                sub.message = block.message();
                sub.details = block.details();
            }
            record.blocksRead++;
            emitIfComplete(record);
        }

        @Override
        public void onUnexpectedSuccess(UnitTestName name) {
            MethodRecord record = recordFromSummary(name);
            if (record.ownStatus == null) {
                applyOwnStatus(record, new StatusWord(TestStatus.UNEXPECTED_SUCCESS, null));
            }
        }

        @Override
        public void onRan(int count) {
            ranSeen = true;
            ran += count;
            phase = Phase.AFTER_RUN;
            for (MethodRecord record : byId.values()) {
                emitIfComplete(record);
            }
            emitHeld(null);
        }
    }

    /** A method named by the summary: known from its progress line, or (3.10 fixtures) new. */
    private MethodRecord recordFromSummary(UnitTestName name) {
        MethodRecord record = byId.get(name.testId());
        if (record == null) {
            record = new MethodRecord(name, settings.clockMillis().getAsLong());
            record.closed = true;
            allRecords.add(record);
            byId.put(name.testId(), record);
        }
        return record;
    }

    // --- after "Ran N tests" ----------------------------------------------------------------

    private void acceptAfterRun(String line) {
        Optional<RunTotals> parsed = RunTotals.parse(line);
        if (parsed.isPresent()) {
            totals = totals == null ? parsed.get() : totals.plus(parsed.get());
            return;
        }
        // Another runner round in the same stream (component by component).
        if (ProgressLine.parse(line).isPresent()) {
            phase = Phase.TESTS;
            byId.clear();
            acceptDuringTests(line);
        }
    }

    // --- end of stream ----------------------------------------------------------------------

    private void endOpenAtStreamEnd(StreamEnd end) {
        MethodRecord record = open;
        open = null;
        awaitingDocstring = null;
        boolean abnormal = end instanceof StreamEnd.Signalled || end instanceof StreamEnd.TimedOut;
        if (!abnormal && record.ownStatus == null && !record.hasSubtests()) {
            Optional<StatusWord> glued = StatusWord.parseSuffix(record.lastOutput);
            if (glued.isPresent()) {
                applyOwnStatus(record, glued.get());
                return;
            }
        }
        boolean timedOut = end instanceof StreamEnd.TimedOut;
        record.ownStatus = timedOut ? TestStatus.TIMED_OUT : TestStatus.CRASHED;
        record.ownMessage = "rocm-sdk test " + end.describe() + " while this test was running";
        record.ownDetails = recent.text();
        record.closed = true;
        record.endMillis = settings.clockMillis().getAsLong();
        emit(record);
    }

    /** Emits held methods: at the end of the summary, or (end != null) at the end of the stream. */
    private void emitHeld(StreamEnd end) {
        for (MethodRecord record : allRecords) {
            if (record.emitted || !record.closed) {
                continue;
            }
            if (record.overallStatus() == null) {
                record.ownStatus = TestStatus.ERROR;
                record.ownMessage = end == null
                        ? "unittest printed no outcome for this test"
                        : "no outcome: rocm-sdk test " + end.describe() + " before its summary";
                noOutcome.add(record.name.testId());
            } else if (end != null && record.overallStatus().isFailure() && record.ownMessage == null
                    && !record.hasSubtests()) {
                record.ownMessage = "no traceback: rocm-sdk test " + end.describe() + " before its summary";
            }
            emit(record);
        }
    }

    /** Exposed for callers that want to show progress: the test now running, if any. */
    public Optional<String> runningTestId() {
        return Optional.ofNullable(open).map(r -> r.name.testId());
    }
}
