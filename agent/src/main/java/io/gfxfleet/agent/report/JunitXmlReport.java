package io.gfxfleet.agent.report;

import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The legacy JUnit XML format (Ant/Surefire's), which GitHub test-report actions and most CI
 * dashboards read: one {@code <testsuite>} per step and component ({@code libraries.core}), one
 * {@code <testcase>} per test method. Failing subTests are folded into their method's failure
 * text; CRASHED and TIMED_OUT are errors, EXPECTED_FAILURE a pass, UNEXPECTED_SUCCESS a failure.
 */
public final class JunitXmlReport {
    private final String name;
    private final Map<String, List<TestResult>> suites = new LinkedHashMap<>();

    public JunitXmlReport(String name) {
        this.name = name;
    }

    public synchronized void add(TestResult r) {
        suites.computeIfAbsent(r.step() + "." + r.component(), k -> new ArrayList<>()).add(r);
    }

    public synchronized int size() {
        return suites.values().stream().mapToInt(List::size).sum();
    }

    /** Writes the report atomically (a reader never sees half a file). */
    public synchronized void writeTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", name);
            writeCounts(xml, suites.values().stream().flatMap(List::stream).toList());
            xml.writeCharacters("\n");
            for (var suite : suites.entrySet()) {
                writeSuite(xml, suite.getKey(), suite.getValue());
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeSuite(XMLStreamWriter xml, String suiteName, List<TestResult> results) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suiteName);
        writeCounts(xml, results);
        xml.writeCharacters("\n");
        for (TestResult r : results) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", r.className() == null ? suiteName : r.className());
            xml.writeAttribute("name", r.method() == null ? r.testId() : r.method());
            xml.writeAttribute("time", seconds(r.durationMillis()));
            String kind = switch (r.status()) {
                case FAILED, UNEXPECTED_SUCCESS -> "failure";
                case ERROR, CRASHED, TIMED_OUT -> "error";
                case SKIPPED -> "skipped";
                case PASSED, EXPECTED_FAILURE -> null;
            };
            if (kind != null) {
                xml.writeStartElement(kind);
                String message = r.message() == null ? r.status().wireName() : r.message();
                xml.writeAttribute("message", clean(message));
                xml.writeAttribute("type", r.status().wireName());
                String text = text(r);
                if (!text.isEmpty()) {
                    xml.writeCharacters(clean(text));
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void writeCounts(XMLStreamWriter xml, List<TestResult> results) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(results.size()));
        xml.writeAttribute("failures", count(results, TestStatus.FAILED, TestStatus.UNEXPECTED_SUCCESS));
        xml.writeAttribute("errors", count(results, TestStatus.ERROR, TestStatus.CRASHED, TestStatus.TIMED_OUT));
        xml.writeAttribute("skipped", count(results, TestStatus.SKIPPED));
        xml.writeAttribute("time", seconds(results.stream().mapToLong(r -> r.durationMillis() == null ? 0 : r.durationMillis()).sum()));
    }

    private static String count(List<TestResult> results, TestStatus... statuses) {
        List<TestStatus> wanted = List.of(statuses);
        return Long.toString(results.stream().filter(r -> wanted.contains(r.status())).count());
    }

    private static String text(TestResult r) {
        StringBuilder b = new StringBuilder();
        if (r.details() != null) {
            b.append(r.details());
        }
        for (TestResult.SubTestResult s : r.subtests()) {
            b.append("\n--- subTest ").append(s.description()).append(": ").append(s.status().wireName());
            if (s.message() != null) {
                b.append(": ").append(s.message());
            }
            if (s.details() != null) {
                b.append('\n').append(s.details());
            }
        }
        return b.toString().strip();
    }

    private static String seconds(Long millis) {
        return millis == null ? "0" : String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** XML 1.0 cannot carry most control characters, which test output sometimes has. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) ? c : '?'));
        return b.toString();
    }
}
