package io.gfxfleet.agent.cli;

import io.gfxfleet.protocol.cli.ExitCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.gfxfleet.agent.engine.JobLauncher;
import io.gfxfleet.agent.engine.JobSelector;
import io.gfxfleet.agent.engine.JunitXmlReport;
import io.gfxfleet.agent.engine.SavedLogSource;
import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.agent.parse.ParsedRun;
import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.RunReport;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.JobState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code agent parse LOG}: reads a saved {@code rocm-sdk test} log and prints its per-test account. */
@Command(name = "parse", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ParseCommand.EXIT_USAGE,
        description = {"Parses a saved 'rocm-sdk test' log (stdout and stderr merged) into per-test results.",
                "Exit code (the shared table): 0 passed, 1 failed, 2 bad usage or unreadable log."})
public final class ParseCommand implements Callable<Integer> {
    static final int EXIT_PASSED = ExitCode.SUCCESS.code();
    static final int EXIT_FAILED = ExitCode.TEST_FAILURES.code();
    static final int EXIT_USAGE = 2; // ExitCode.USAGE, as a constant the annotation above can use
    private static final int BINARY_PROBE_BYTES = 8192;

    enum Format { json, text, junit }

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
        checkReadableTextFile();
        checkOut();
        if (format == Format.junit) {
            return junit(settings);
        }
        UnittestOutputParser parser = new UnittestOutputParser(step, settings, result -> { });
        try (BufferedReader reader = openLenient(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                parser.accept(line);
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("agent parse: cannot read LOG " + log + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        ParsedRun run = parser.finish(exitCode == null ? StreamEnd.unrecorded() : StreamEnd.fromExitValue(exitCode));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(toJson(RunReport.of(run, details)));
        } else {
            printText(run, out);
        }
        out.flush();
        return run.passed() ? EXIT_PASSED : EXIT_FAILED;
    }

    /** The same engine a live job runs through, over the saved log: its report is the job's report. */
    private int junit(ParserSettings settings) {
        StreamEnd end = exitCode == null ? StreamEnd.unrecorded() : StreamEnd.fromExitValue(exitCode);
        SavedLogSource source = new SavedLogSource(log, step, settings, end);
        String fileName = log.getFileName() == null ? log.toString() : log.getFileName().toString();
        JobSelector job = new JobSelector(fileName, "rocm-sdk test log " + fileName, source);
        try (JunitXmlReport report = new JunitXmlReport()) {
            JobOutcome outcome = JobLauncher.run(job, List.of(report.listener()));
            if (out != null) {
                report.moveTo(out);
            } else {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(report.xml());
                stdout.flush();
            }
            return outcome.verdict() == JobState.PASSED ? EXIT_PASSED : EXIT_FAILED;
        } catch (IOException e) {
            spec.commandLine().getErr().println("agent parse: cannot report LOG " + log + " as JUnit XML: " + e.getMessage());
            return EXIT_USAGE;
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

    private void checkReadableTextFile() {
        if (!Files.exists(log)) {
            throw new ParameterException(spec.commandLine(), "LOG " + log + " does not exist");
        }
        if (!Files.isRegularFile(log)) {
            throw new ParameterException(spec.commandLine(), "LOG " + log + " is not a regular file");
        }
        if (!Files.isReadable(log)) {
            throw new ParameterException(spec.commandLine(), "LOG " + log + " is not readable");
        }
        byte[] probe;
        try (InputStream in = Files.newInputStream(log)) {
            probe = in.readNBytes(BINARY_PROBE_BYTES);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "LOG " + log + " cannot be read: " + e.getMessage());
        }
        for (byte b : probe) {
            if (b == 0) {
                throw new ParameterException(spec.commandLine(),
                        "LOG " + log + " is not a text log: it contains NUL bytes (a binary file?)");
            }
        }
    }

    /** Child processes may write bytes that are not UTF-8; they must not stop the parse. */
    private static BufferedReader openLenient(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    private static String toJson(RunReport report) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static void printText(ParsedRun run, PrintWriter out) {
        run.results().forEach(r -> {
            out.printf("%-18s %s%s%n", r.status().wireName(), r.testId(), r.message() == null ? "" : "  " + r.message());
            r.subtests().forEach(s -> out.printf("%-18s   %s%s%n", s.status().wireName(), s.description(),
                    s.message() == null ? "" : "  " + s.message()));
        });
        out.printf("ran %s; %d failing%n", run.ranLineSeen() ? run.ran() : "?", run.failures().size());
        run.problems().forEach(p -> out.println("problem: " + p));
        out.println(run.passed() ? "passed" : "failed");
    }
}
