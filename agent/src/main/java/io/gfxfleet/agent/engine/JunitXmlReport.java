package io.gfxfleet.agent.engine;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A job's report in the legacy JUnit XML format (Ant/Surefire's, which GitHub test-report actions
 * and CI dashboards read), written by the platform's own {@link LegacyXmlReportGeneratingListener}:
 * one {@code <testsuite>} named after the job, one {@code <testcase>} per result (classname
 * {@code step.component}, name the test method), {@code <failure>} for FAIL and unexpected
 * successes, {@code <error>} for ERROR, crashes and timeouts, {@code <skipped>} with the reason.
 * Failing subTests are part of their method's failure text.
 *
 * <p>The listener writes {@code TEST-gfxfleet.xml} into a scratch folder of its own; {@link #moveTo}
 * then puts it in place atomically, so a reader never sees half a report.
 */
public final class JunitXmlReport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JunitXmlReport.class);
    private static final String WRITTEN = "TEST-" + GfxfleetTestEngine.ID + ".xml";

    private final Path scratch;
    private final StringWriter problems = new StringWriter();
    private final LegacyXmlReportGeneratingListener listener;

    public JunitXmlReport() throws IOException {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** With the scratch folder under {@code parent} (the agent's own temp area, not the system's). */
    public JunitXmlReport(Path parent) throws IOException {
        Files.createDirectories(parent);
        scratch = Files.createTempDirectory(parent, "gfxfleet-junit-");
        listener = new LegacyXmlReportGeneratingListener(scratch, new PrintWriter(problems, true));
    }

    /** Register this with the launch whose report this is. */
    public TestExecutionListener listener() {
        return listener;
    }

    /** The report, once the launch has finished. */
    public String xml() throws IOException {
        return Files.readString(written(), StandardCharsets.UTF_8);
    }

    /** Puts the report at {@code file} (replacing what was there), once the launch has finished. */
    public void moveTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(written(), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path written() throws IOException {
        Path report = scratch.resolve(WRITTEN);
        if (!Files.isRegularFile(report)) {
            String why = problems.toString().strip();
            throw new IOException("the JUnit XML report was not written"
                    + (why.isEmpty() ? " (did the launch run the gfxfleet engine?)" : ": " + why));
        }
        return report;
    }

    /** Removes the scratch folder; a leftover temporary folder is not worth failing a job for. */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(scratch)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot remove the JUnit report's scratch folder {}: {}", scratch, e.toString());
        }
    }
}
