package io.gfxfleet.agent.cli;

import io.gfxfleet.protocol.cli.ExitCode;
import io.gfxfleet.agent.engine.JobLauncher;
import io.gfxfleet.agent.engine.JobSelector;
import io.gfxfleet.agent.engine.JunitXmlReport;
import io.gfxfleet.agent.engine.SavedLogSource;
import io.gfxfleet.agent.exec.BoundedLineSplitter;
import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.parse.ParsedRun;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.RunReport;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import io.gfxfleet.protocol.messages.JobState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code agent parse LOG}: reads a saved {@code rocm-sdk test} log and prints its per-test account.
 * Results are written as they are parsed, so memory stays bounded however large the log.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Parses a saved 'rocm-sdk test' log (stdout and stderr merged) into per-test results.",
                "Exit code: 0 passed, 1 tests failed, 2 bad usage, 3 the log could not be read or the parse"
                        + " crashed, 4 the file is not a text log."})
public final class ParseCommand implements Callable<Integer> {
    private static final int BINARY_PROBE_BYTES = 8192;

    enum Format { json, text, junit }

    /** The file is not something this command reads: refused, not a usage mistake. */
    private static final class RefusedInput extends Exception {
        RefusedInput(String message) {
            super(message);
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOG", description = "the saved output of rocm-sdk test")
    Path log;

    @Option(names = "--expect", split = ",", paramLabel = "COMPONENT",
            description = "components that were installed, e.g. libraries,devel: skipping them is a problem")
    List<String> expect = List.of();

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
            description = "json (default), text, or junit (a JUnit XML report, as a job keeps with its logs)")
    Format format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "with --format junit: write the report to FILE instead of printing it")
    Path out;

    @Option(names = "--exit-code", paramLabel = "N",
            description = "the exit status of rocm-sdk test when known (128+N means killed by signal N)")
    Integer exitCode;

    @Option(names = "--step", defaultValue = "log", description = "the step name put on each result")
    String step;

    @Option(names = "--details", description = "include tracebacks in the output")
    boolean details;

    @Option(names = "--max-details", defaultValue = "" + ParserSettings.DEFAULT_MAX_DETAILS_CHARS,
            paramLabel = "CHARS", description = "bound of each traceback (default: ${DEFAULT-VALUE})")
    int maxDetails;

    @Override
    public Integer call() {
        ParserSettings settings = settings();
        checkExists();
        checkOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            checkTextFile();
        } catch (RefusedInput e) {
            err.println("agent parse: refused: " + e.getMessage());
            return ExitCode.REFUSED.code();
        } catch (IOException e) {
            err.println("agent parse: cannot read LOG " + log + ": " + e.getMessage());
            return ExitCode.INFRA.code();
        }
        // An OutOfMemoryError is left to GfxfleetCommandLine.execute, which says every command's
        // crash the same way and exits 3, never 1 ("tests failed").
        try {
            return switch (format) {
                case junit -> junit(settings);
                case json -> json(settings);
                case text -> text(settings);
            };
        } catch (IOException | UncheckedIOException e) {
            err.println("agent parse: cannot read LOG " + log + " or write its report: " + e.getMessage());
            return ExitCode.INFRA.code();
        }
    }

    private StreamEnd end() {
        return exitCode == null ? StreamEnd.unrecorded() : StreamEnd.fromExitValue(exitCode);
    }

    private static int verdict(ParsedRun run) {
        return run.passed() ? ExitCode.SUCCESS.code() : ExitCode.TEST_FAILURES.code();
    }

    private int json(ParserSettings settings) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        try (RunReport report = new RunReport(stdout, details)) {
            UnittestOutputParser parser = new UnittestOutputParser(step, settings, report::result);
            BoundedLineSplitter.readFile(log, parser::accept);
            ParsedRun run = parser.finish(end());
            report.finish(run);
            stdout.println();
            stdout.flush();
            return verdict(run);
        }
    }

    private int text(ParserSettings settings) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        UnittestOutputParser parser = new UnittestOutputParser(step, settings, r -> {
            stdout.printf("%-18s %s%s%n", r.status().wireName(), r.testId(), r.message() == null ? "" : "  " + r.message());
            r.subtests().forEach(s -> stdout.printf("%-18s   %s%s%n", s.status().wireName(), s.description(),
                    s.message() == null ? "" : "  " + s.message()));
        });
        BoundedLineSplitter.readFile(log, parser::accept);
        ParsedRun run = parser.finish(end());
        stdout.printf("ran %d%s; %d failing%n", run.ran(), run.ranLineSeen() ? "" : " (started; no 'Ran N' line)",
                run.failing());
        run.problems().forEach(p -> stdout.println("problem: " + p));
        run.disagreements().forEach(d -> stdout.println("disagreement: " + d));
        stdout.println(run.passed() ? "passed" : "failed");
        stdout.flush();
        return verdict(run);
    }

    /** The same engine a live job runs through, over the saved log: its report is the job's report. */
    private int junit(ParserSettings settings) throws IOException {
        SavedLogSource source = new SavedLogSource(log, step, settings, end());
        String fileName = log.getFileName() == null ? log.toString() : log.getFileName().toString();
        JobSelector job = new JobSelector(fileName, "rocm-sdk test log " + fileName, source);
        try (JunitXmlReport report = new JunitXmlReport(fileName)) {
            JobOutcome outcome = JobLauncher.run(job, List.of(report.listener()));
            report.finish();
            if (out != null) {
                report.moveTo(out);
            } else {
                PrintWriter stdout = spec.commandLine().getOut();
                report.copyTo(stdout);
                stdout.flush();
            }
            return outcome.verdict() == JobState.PASSED ? ExitCode.SUCCESS.code() : ExitCode.TEST_FAILURES.code();
        }
    }

    private void checkOut() {
        if (out == null) {
            return;
        }
        if (format != Format.junit) {
            throw new ParameterException(spec.commandLine(), "--out is only for --format junit");
        }
        if (Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a directory, not a file");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + ": its folder " + parent + " does not exist");
        }
    }

    private ParserSettings settings() {
        Set<String> components = new LinkedHashSet<>();
        for (String c : expect) {
            components.add(c.strip());
        }
        try {
            return ParserSettings.defaults().withExpectedComponents(components).withMaxDetailsChars(maxDetails);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
        }
    }

    private void checkExists() {
        if (!Files.exists(log)) {
            throw new ParameterException(spec.commandLine(), "LOG " + log + " does not exist");
        }
    }

    private void checkTextFile() throws RefusedInput, IOException {
        if (!Files.isRegularFile(log)) {
            throw new RefusedInput("LOG " + log + " is not a regular file");
        }
        if (!Files.isReadable(log)) {
            throw new IOException("LOG " + log + " is not readable");
        }
        byte[] probe;
        try (InputStream in = Files.newInputStream(log)) {
            probe = in.readNBytes(BINARY_PROBE_BYTES);
        }
        for (byte b : probe) {
            if (b == 0) {
                throw new RefusedInput("LOG " + log + " is not a text log: it contains NUL bytes (a binary file?)");
            }
        }
    }
}
