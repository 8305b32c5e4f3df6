package io.gfxfleet.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code agent detect} through the real command line, on a fake sysfs tree and fake tool dir. */
class DetectCommandTest {
    @TempDir
    Path tmp;

    private Path sysfs;
    private Path tools;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        sysfs = Files.createDirectories(tmp.resolve("sys"));
        tools = Files.createDirectories(tmp.resolve("bin"));
    }

    private int agent(String... args) {
        CommandLine cli = new CommandLine(new AgentCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void kfdNode(int node, String fixture) throws IOException {
        Path dir = Files.createDirectories(sysfs.resolve("class/kfd/kfd/topology/nodes/" + node));
        try (InputStream in = getClass().getResourceAsStream("/io/gfxfleet/agent/gpu/kfd/" + fixture)) {
            Files.write(dir.resolve("properties"), in.readAllBytes());
        }
    }

    @Test
    void printsDevicesAndFamilies() throws IOException {
        kfdNode(0, "cpu-epyc-9654.properties");
        kfdNode(1, "cpu-epyc-9654.properties");
        kfdNode(2, "gpu-mi325x.properties");

        int exit = agent("detect", "--sysfs-root", sysfs.toString(), "--tools-dir", tools.toString());

        assertEquals(0, exit, err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("1 AMD GPU(s) found via kfd-sysfs:"), text);
        assertTrue(text.matches("(?s).*gfx942 +MI300A/MI300X/MI325X \\(CDNA3\\) +node 2 +/dev/dri/renderD128\n.*"), text);
        assertTrue(text.contains("families: ") && text.contains("gfx94X-dcgpu"), text);
    }

    @Test
    void jsonOutput() throws IOException {
        Path script = tools.resolve("rocm_agent_enumerator");
        Files.writeString(script, "#!/bin/sh\necho gfx000\necho gfx1100\necho gfx1100\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        int exit = agent("detect", "--json", "--sysfs-root", sysfs.toString(), "--tools-dir", tools.toString());

        assertEquals(0, exit, err.toString());
        JsonNode json = Json.MAPPER.readTree(out.toString());
        assertEquals(2, json.get("devices").size());
        assertEquals("gfx1100", json.at("/devices/1/gfx").asText());
        assertEquals("rocm_agent_enumerator", json.at("/devices/0/source").asText());
        assertEquals("", json.at("/devices/0/node_id").asText());
        assertTrue(json.get("families").toString().contains("\"gfx110X-all\""), json.toString());
        assertEquals(3, json.get("notes").size(), "KFD, offload-arch and rocminfo misses: " + json.get("notes"));
    }

    @Test
    void nothingFoundExitsOneSayingWhatItLookedFor() {
        int exit = agent("detect", "--sysfs-root", sysfs.toString(), "--tools-dir", tools.toString());

        assertEquals(3, exit); // no GPU: the infrastructure code of the shared table
        assertEquals("", out.toString());
        String message = err.toString();
        assertTrue(message.startsWith("No AMD GPU found. Looked for:\n"), message);
        assertTrue(message.contains("  - kfd-sysfs: " + sysfs.resolve("class/kfd/kfd/topology/nodes") + " does not exist"), message);
        assertTrue(message.contains("  - offload-arch: not found in " + tools), message);
        assertTrue(message.contains("  - rocminfo: not found in " + tools), message);
        assertTrue(message.contains("  - rocm_agent_enumerator: not found in " + tools), message);
    }

    @Test
    void nothingFoundAsJsonStillPrintsTheNotes() throws IOException {
        int exit = agent("detect", "--json", "--sysfs-root", sysfs.toString(), "--tools-dir", tools.toString());

        assertEquals(3, exit);
        JsonNode json = Json.MAPPER.readTree(out.toString());
        assertEquals(0, json.get("devices").size());
        assertEquals(4, json.get("notes").size());
    }

    @Test
    void badToolsDirIsAUsageError() {
        int exit = agent("detect", "--tools-dir", tmp.resolve("missing").toString());

        assertEquals(2, exit);
        assertTrue(err.toString().contains("--tools-dir " + tmp.resolve("missing") + " is not a directory"), err.toString());
    }
}
