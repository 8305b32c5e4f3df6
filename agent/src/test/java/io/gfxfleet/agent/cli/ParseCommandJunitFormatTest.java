package io.gfxfleet.agent.cli;

import io.gfxfleet.agent.parse.PythonLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code agent parse LOG --format junit [--out FILE]}: the gfxfleet engine over a saved log. */
class ParseCommandJunitFormatTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new AgentCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Document dom(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSavedLogOfARealRunIsPrintedAsAJunitXmlReport() throws Exception {
        Path log = PythonLogs.mixedRunLog(dir);

        int exit = run("parse", log.toString(), "--expect", "libraries,devel", "--exit-code", "1", "--format", "junit");

        assertEquals(1, exit, err.toString());
        Document xml = dom(out.toString());
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("rocm-sdk test log rocm-sdk-test.log", suite.getAttribute("name"));
        // 12 test methods (as the JSON counts them) and the 3 problems as failed plan checks.
        assertEquals("15", suite.getAttribute("tests"));
        assertEquals(15, xml.getElementsByTagName("testcase").getLength());
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("3", suite.getAttribute("errors"));
        assertEquals("6", suite.getAttribute("failures"), "2 FAIL, 1 unexpected success, 3 problems");

        Element shared = null;
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals("testSharedLibrariesLoad")) {
                shared = c;
            }
        }
        assertEquals("log.core", shared.getAttribute("classname"), "step (--step, default log) and component");
        Element error = (Element) shared.getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").startsWith("2 failing subTests; first: OSError: libatomic.so.1"), error.getAttribute("message"));
        assertTrue(error.getTextContent().contains("Traceback (most recent call last):"), error.getTextContent());
        assertTrue(error.getTextContent().contains("--- subTest [Check shared library loads] (so_path='libatomic-user.so'): error"),
                error.getTextContent());
    }

    @Test
    void outWritesTheReportToAFileAndAGreenLogPasses() throws Exception {
        Path log = dir.resolve("green.log");
        Files.writeString(log, String.join("\n",
                "testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok",
                "testLoad (rocm_sdk.tests.core_test.ROCmCoreTest.testLoad) ... ok",
                "", "-".repeat(70), "Ran 2 tests in 0.100s", "", "OK", ""));
        Path report = dir.resolve("reports").resolve("junit.xml");
        Files.createDirectories(report.getParent());

        assertEquals(0, run("parse", log.toString(), "--format", "junit", "--out", report.toString()), err.toString());

        assertEquals("", out.toString(), "with --out nothing is printed");
        Document xml = dom(Files.readString(report));
        assertEquals("2", xml.getDocumentElement().getAttribute("tests"));
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
        assertEquals(0, xml.getElementsByTagName("error").getLength());
        assertFalse(Files.exists(dir.resolve("reports").resolve("junit.xml.tmp")));
    }

    @Test
    void aCrashedRunIsAnErrorInTheReport() throws Exception {
        Path log = dir.resolve("crash.log");
        Files.writeString(log, String.join("\n",
                "testCLI (rocm_sdk.tests.base_test.ROCmBaseTest.testCLI) ... ok",
                "testLoad (rocm_sdk.tests.core_test.ROCmCoreTest.testLoad) ... loading libamdhip64.so", ""));

        assertEquals(1, run("parse", log.toString(), "--format", "junit", "--exit-code", "139"));

        Document xml = dom(out.toString());
        NodeList errors = xml.getElementsByTagName("error");
        assertEquals(1, errors.getLength());
        assertEquals("rocm-sdk test was killed by signal 11 (SIGSEGV) while this test was running",
                ((Element) errors.item(0)).getAttribute("message"));
    }

    @Test
    void badOutIsAUsageError() throws Exception {
        Path log = dir.resolve("green.log");
        Files.writeString(log, "Ran 0 tests in 0.000s\n\nOK\n");

        assertEquals(2, run("parse", log.toString(), "--format", "junit", "--out", dir.toString()));
        assertTrue(err.toString().contains("is a directory, not a file"), err.toString());

        err.getBuffer().setLength(0);
        Path nowhere = dir.resolve("missing").resolve("junit.xml");
        assertEquals(2, run("parse", log.toString(), "--format", "junit", "--out", nowhere.toString()));
        assertTrue(err.toString().contains("does not exist"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("parse", log.toString(), "--out", dir.resolve("x.xml").toString()));
        assertTrue(err.toString().contains("--out is only for --format junit"), err.toString());
    }
}
