package io.gfxfleet.agent.engine;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A job's report in the JUnit XML format that CI tools read (Ant's, as Jenkins, GitLab and GitHub
 * test-report actions take it; {@code src/test/resources/junit/junit-ant.xsd} states it): a
 * {@code <testsuites>} named after the job with one {@code <testsuite>} per plan step (its name and a
 * {@code step} property say which), one {@code <testcase>} per result with
 * {@code classname} the Python class ({@code rocm_sdk.tests.core_test.ROCmCoreTest}), {@code name} the
 * method and {@code time} the seconds between the test's description and its status;
 * {@code <failure>} for FAIL and unexpected successes, {@code <error>} for ERROR, crashes and
 * timeouts (failing subTests in its text), {@code <skipped>} with the reason. Nothing about the
 * machine or the agent's JVM is written: the report is shown to anyone who can read the run.
 *
 * <p>Test cases are written to a scratch file per step as results arrive, so memory does not grow
 * with the run; {@link #finish} assembles the report, {@link #moveTo} puts it in place atomically.
 */
public final class JunitXmlReport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JunitXmlReport.class);
    // The JDK's own writer: a library on the classpath (Woodstox) would refuse the root-less step parts.
    private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();
    private static final int MAX_MESSAGE_CHARS = 1000;
    /** The class name of results that are not Python tests (the job's own verdict). */
    static final String JOB_CLASSNAME = "gfxfleet.job";

    private final Path scratch;
    private final Map<String, StepPart> steps = new LinkedHashMap<>();
    private final Instant started = Instant.now();
    private String suiteName;
    private Path report;
    private RuntimeException writeFailure;

    /** One step's test cases, written as they come. */
    private static final class StepPart {
        final Path file;
        final Writer out;
        final XMLStreamWriter xml;
        long tests;
        long failures;
        long errors;
        long skipped;
        long millis;

        StepPart(Path file) throws IOException {
            this.file = file;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            try {
                this.xml = XML.createXMLStreamWriter(out);
            } catch (XMLStreamException e) {
                throw new IOException("cannot write " + file, e);
            }
        }
    }

    public JunitXmlReport() throws IOException {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** With the scratch folder under {@code parent} (the agent's own temp area, not the system's). */
    public JunitXmlReport(Path parent) throws IOException {
        this(parent, "gfxfleet");
    }

    /** @param suiteName the report's name when the launch does not name its job */
    public JunitXmlReport(String suiteName) throws IOException {
        this(Path.of(System.getProperty("java.io.tmpdir")), suiteName);
    }

    public JunitXmlReport(Path parent, String suiteName) throws IOException {
        this.suiteName = suiteName;
        Files.createDirectories(parent);
        this.scratch = Files.createTempDirectory(parent, "gfxfleet-junit-");
    }

    /** Register this with the launch whose report this is. */
    public TestExecutionListener listener() {
        TestResultListener results = new TestResultListener(this::add);
        return new TestExecutionListener() {
            @Override
            public void testPlanExecutionStarted(TestPlan plan) {
                results.testPlanExecutionStarted(plan);
            }

            @Override
            public void executionStarted(TestIdentifier test) {
                if (isJob(test)) {
                    suiteName = test.getDisplayName();
                }
            }

            @Override
            public void reportingEntryPublished(TestIdentifier test, org.junit.platform.engine.reporting.ReportEntry entry) {
                results.reportingEntryPublished(test, entry);
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                results.executionSkipped(test, reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (isJob(test) && noResults()) {
                    jobWithoutResults(test, result);
                } else {
                    results.executionFinished(test, result);
                }
            }
        };
    }

    /** The job is the node right under the engine. */
    private static boolean isJob(TestIdentifier test) {
        return test.getParentIdObject().map(p -> p.getSegments().size() == 1).orElse(false);
    }

    private synchronized boolean noResults() {
        return steps.isEmpty();
    }

    /** A job that produced no result carries its verdict as a test case of its own. */
    private void jobWithoutResults(TestIdentifier job, TestExecutionResult result) {
        String message = result.getThrowable().map(t -> t instanceof TestError e ? e.text().headline() : t.toString())
                .orElse(null);
        TestStatus status = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? TestStatus.PASSED : TestStatus.ERROR;
        add(new TestResult("job", TestResult.PLAN_COMPONENT, job.getDisplayName(), JOB_CLASSNAME, job.getDisplayName(), status, null,
                message, null, List.of()));
    }

    /** One result as a test case (results also come straight from a source, as in tests). */
    public synchronized void add(TestResult r) {
        if (report != null) {
            throw new IllegalStateException("the JUnit report is finished; result " + r.testId() + " came too late");
        }
        try {
            StepPart part = steps.get(r.step());
            if (part == null) {
                part = new StepPart(scratch.resolve("step-" + steps.size() + ".xml"));
                steps.put(r.step(), part);
            }
            writeTestCase(part, r);
        } catch (IOException e) {
            keep(new UncheckedIOException(e));
        } catch (XMLStreamException e) {
            keep(new IllegalStateException("cannot write test case " + r.testId(), e));
        }
    }

    private void keep(RuntimeException e) {
        if (writeFailure == null) {
            writeFailure = e;
        }
        log.error("JUnit report: {}", e.toString());
    }

    private static void writeTestCase(StepPart part, TestResult r) throws XMLStreamException {
        XMLStreamWriter xml = part.xml;
        long millis = r.durationMillis() == null ? 0 : Math.max(0, r.durationMillis());
        part.tests++;
        part.millis += millis;
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", XmlText.clean(r.method() != null ? r.method() : r.testId()));
        xml.writeAttribute("classname", XmlText.clean(r.className() != null ? r.className() : r.component()));
        xml.writeAttribute("time", seconds(millis));
        TestStatus status = r.status();
        if (status == TestStatus.SKIPPED) {
            part.skipped++;
            xml.writeStartElement("skipped");
            if (r.message() != null) {
                xml.writeAttribute("message", XmlText.clean(firstLine(r.message())));
                xml.writeCharacters(XmlText.clean(r.message()));
            }
            xml.writeEndElement();
        } else if (status.isFailure()) {
            boolean failure = status == TestStatus.FAILED || status == TestStatus.UNEXPECTED_SUCCESS;
            if (failure) {
                part.failures++;
            } else {
                part.errors++;
            }
            FailureText text = FailureText.of(r);
            xml.writeStartElement(failure ? "failure" : "error");
            xml.writeAttribute("message", XmlText.clean(firstLine(text.headline())));
            xml.writeAttribute("type", status.wireName());
            xml.writeCharacters(XmlText.clean(text.render()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    /** The first line of a message, bounded: what an annotation or a report's list shows. */
    static String firstLine(String text) {
        String line = text.strip();
        int eol = line.indexOf('\n');
        line = eol < 0 ? line : line.substring(0, eol).stripTrailing();
        return line.length() > MAX_MESSAGE_CHARS ? line.substring(0, MAX_MESSAGE_CHARS) + " [...]" : line;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Assembles the report once the launch has finished; further results are refused. */
    public synchronized void finish() throws IOException {
        if (report != null) {
            return;
        }
        if (writeFailure != null) {
            throw new IOException("the JUnit XML report could not be written: " + writeFailure.getMessage(), writeFailure);
        }
        Path assembled = scratch.resolve("report.xml");
        long tests = 0;
        long failures = 0;
        long errors = 0;
        long skipped = 0;
        long millis = 0;
        for (StepPart part : steps.values()) {
            closePart(part);
            tests += part.tests;
            failures += part.failures;
            errors += part.errors;
            skipped += part.skipped;
            millis += part.millis;
        }
        String timestamp = LocalDateTime.ofInstant(started.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString();
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(assembled, StandardCharsets.UTF_8))) {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", XmlText.clean(suiteName));
            counts(xml, tests, failures, errors, skipped, millis);
            xml.writeCharacters("\n");
            for (Map.Entry<String, StepPart> step : steps.entrySet()) {
                StepPart part = step.getValue();
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", XmlText.clean(suiteName + " / " + step.getKey()));
                counts(xml, part.tests, part.failures, part.errors, part.skipped, part.millis);
                xml.writeAttribute("timestamp", timestamp);
                xml.writeCharacters("\n");
                xml.writeStartElement("properties");
                property(xml, "step", step.getKey());
                property(xml, "job", suiteName);
                xml.writeEndElement();
                xml.writeCharacters("\n");
                xml.flush();
                try (Reader body = Files.newBufferedReader(part.file, StandardCharsets.UTF_8)) {
                    body.transferTo(out); // test cases written as they came, already escaped
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit XML report", e);
        }
        report = assembled;
    }

    private static void counts(XMLStreamWriter xml, long tests, long failures, long errors, long skipped, long millis)
            throws XMLStreamException {
        xml.writeAttribute("tests", Long.toString(tests));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", Long.toString(errors));
        xml.writeAttribute("skipped", Long.toString(skipped));
        xml.writeAttribute("time", seconds(millis));
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", XmlText.clean(value));
    }

    private static void closePart(StepPart part) throws IOException {
        try {
            part.xml.close();
            part.out.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot finish " + part.file, e);
        }
    }

    /** The report, once finished. */
    public String xml() throws IOException {
        return Files.readString(written(), StandardCharsets.UTF_8);
    }

    /** Copies the report to {@code out}, once finished. */
    public void copyTo(Writer out) throws IOException {
        try (Reader in = Files.newBufferedReader(written(), StandardCharsets.UTF_8)) {
            in.transferTo(out);
        }
    }

    /** Puts the report at {@code file} (replacing what was there), finishing it first if needed. */
    public void moveTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(written(), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path written() throws IOException {
        finish();
        return report;
    }

    /** Removes the scratch folder; a leftover temporary folder is not worth failing a job for. */
    @Override
    public synchronized void close() {
        for (StepPart part : steps.values()) {
            try {
                closePart(part);
            } catch (IOException | RuntimeException ignored) {
                // already closed, or the disk is gone: the folder removal below reports what matters
            }
        }
        try (Stream<Path> walk = Files.walk(scratch)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot remove the JUnit report's scratch folder {}: {}", scratch, e.toString());
        }
    }
}
