package io.gfxfleet.agent.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests that run a real agent process watch: a line in a log, and the processes it left. */
final class AgentProcesses {
    private AgentProcesses() {
    }

    /** Waits for {@code text} in {@code log}; fails, with the log so far, if the agent dies first. */
    static void awaitLine(Path log, String text, Process agent) throws Exception {
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            assertTrue(agent.isAlive(), "the agent died before '" + text + "': " + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(200);
        }
    }

    /** Processes whose command line names a path under {@code work}, the agent itself left out ("pid command"). */
    static List<String> processesUnder(Path work) {
        String marker = work.toString() + File.separator;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && !c.contains("AgentCli")).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }
}
