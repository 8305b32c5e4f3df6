package io.gfxfleet.agent.job;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two header forms pip writes (as pip 23.0 to 24.2 wrote them for Python 3.10 to 3.13 on this machine). */
class ConsoleScriptHeaderTest {
    private static final String BODY = "# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pip._internal.cli.main import main\n";

    @Test
    void aShortPathGetsAShebangAndALongOrSpacedOneTheTrampoline() {
        Path shortBin = Path.of("/w/venv/bin");
        // 127 bytes with "#!" and the newline is still a #! line; one more byte is not.
        Path atLimit = Path.of("/" + "x".repeat(127 - 3 - "/bin/python3".length() - 1) + "/bin");
        Path overLimit = Path.of("/" + "x".repeat(127 - 3 - "/bin/python3".length()) + "/bin");
        Path spaced = Path.of("/w/with space ü/bin");
        assertEquals("#!/w/venv/bin/python3\n", header(shortBin));
        assertEquals("#!" + atLimit + "/python3\n", header(atLimit));
        assertEquals("#!/bin/sh\n'''exec' " + overLimit + "/python3 \"$0\" \"$@\"\n' '''\n", header(overLimit));
        assertEquals("#!/bin/sh\n'''exec' \"/w/with space ü/bin/python3\" \"$0\" \"$@\"\n' '''\n", header(spaced));
    }

    @Test
    void eitherFormIsReadAndRewrittenForAnotherFolder() {
        Path spaced = Path.of("/w/with space ü/bin");
        Path shortBin = Path.of("/w/venv/bin");
        for (Path from : new Path[] {spaced, shortBin}) {
            byte[] script = (header(from) + BODY).getBytes(StandardCharsets.UTF_8);
            ConsoleScriptHeader parsed = ConsoleScriptHeader.parse(script, from).orElseThrow();
            assertEquals("python3", parsed.interpreter());
            assertTrue(parsed.matchesRuleFor(script, from));
            for (Path to : new Path[] {spaced, shortBin}) {
                assertArrayEquals((header(to) + BODY).getBytes(StandardCharsets.UTF_8), parsed.rewrite(script, to).orElseThrow());
            }
        }
    }

    @Test
    void whatPipDidNotWriteOrShCouldMisreadIsRefused() {
        Path bin = Path.of("/w/venv/bin");
        assertTrue(ConsoleScriptHeader.parse("#!/usr/bin/python3\nx\n".getBytes(StandardCharsets.UTF_8), bin).isEmpty());
        assertTrue(ConsoleScriptHeader.parse("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), bin).isEmpty());
        assertTrue(ConsoleScriptHeader.render(Path.of("/w/a \"b\"/bin"), "python3").isEmpty());
        assertTrue(ConsoleScriptHeader.render(Path.of("/w/$HOME/bin"), "python3").isEmpty());
        // A form other than the rule's for its own path (a pip that changed its rule) is noticed.
        byte[] wrongForm = ("#!/bin/sh\n'''exec' /w/venv/bin/python3 \"$0\" \"$@\"\n' '''\n" + BODY).getBytes(StandardCharsets.UTF_8);
        assertTrue(!ConsoleScriptHeader.parse(wrongForm, bin).orElseThrow().matchesRuleFor(wrongForm, bin));
    }

    private static String header(Path bin) {
        return new String(ConsoleScriptHeader.render(bin, "python3").orElseThrow(), StandardCharsets.UTF_8);
    }
}
