package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.parse.ParserSettings;
import io.gfxfleet.agent.parse.PythonLogs;
import io.gfxfleet.agent.parse.StreamEnd;
import io.gfxfleet.agent.parse.UnittestOutputParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JUnit XML report of a real unittest run is valid against the Ant/Jenkins JUnit schema
 * (src/test/resources/junit/junit-ant.xsd), names Python classes, and gives each test case the time
 * between its description and its status as read from the stream.
 */
class JunitXmlSchemaTest {
    @TempDir
    Path dir;

    @Test
    void aRealRunsReportIsSchemaValidWithStreamDurationsAndPythonClassNames() throws Exception {
        List<String> lines = Files.readAllLines(PythonLogs.mixedRunLog(dir));
        AtomicLong now = new AtomicLong();
        Map<String, Integer> startLine = new HashMap<>();
        Map<String, Integer> statusLine = new HashMap<>();
        String xml;
        try (JunitXmlReport report = new JunitXmlReport(dir, "job-1 gfx94X-dcgpu")) {
            UnittestOutputParser parser = new UnittestOutputParser("libraries",
                    ParserSettings.defaults().withClock(now::get), report::add);
            for (int i = 0; i < lines.size(); i++) {
                now.set(i * 250L); // each line a quarter of a second after the one before
                String line = lines.get(i);
                if (line.startsWith("testCLI (")) {
                    startLine.put("testCLI", i);
                }
                if (line.equals("ok") && startLine.containsKey("testCLI") && !statusLine.containsKey("testCLI")) {
                    statusLine.put("testCLI", i);
                }
                parser.accept(line);
            }
            parser.finish(StreamEnd.exited(1));
            report.finish();
            xml = report.xml();
        }

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResource("/junit/junit-ant.xsd").toString()))
                .newValidator().validate(new StreamSource(new StringReader(xml)));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(12, cases.getLength(), xml);
        Element cli = null;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertFalse(c.getAttribute("classname").isBlank());
            if (c.getAttribute("name").equals("testCLI")) {
                cli = c;
            }
        }
        assertEquals("rocm_sdk.tests.base_test.ROCmBaseTest", cli.getAttribute("classname"));
        long expectedMillis = (statusLine.get("testCLI") - startLine.get("testCLI")) * 250L;
        assertTrue(expectedMillis > 0, "testCLI printed output before its status");
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", expectedMillis / 1000.0), cli.getAttribute("time"));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("job-1 gfx94X-dcgpu / libraries", suite.getAttribute("name"));
        assertFalse(xml.contains("java.version") || xml.contains("java.class.path") || xml.contains("user.name"),
                "no JVM properties: " + xml);
    }
}
