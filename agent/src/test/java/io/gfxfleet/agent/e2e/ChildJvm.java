package io.gfxfleet.agent.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real separate processes for fault tests: a JVM that can be killed with SIGKILL. */
final class ChildJvm {
    private ChildJvm() {}

    static Process agent(Path log, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "io.gfxfleet.agent.cli.AgentCli"));
        argv.addAll(List.of(args));
        return start(argv, log);
    }

    static Process jar(Path jar, Path log, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        argv.addAll(List.of(args));
        return start(argv, log);
    }

    private static Process start(List<String> argv, Path log) throws IOException {
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGKILL the process and everything it started, as a machine dying would. */
    static void killHard(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        p.waitFor();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
