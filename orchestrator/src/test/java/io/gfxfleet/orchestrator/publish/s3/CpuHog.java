package io.gfxfleet.orchestrator.publish.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed CPU hog on every core, for the benchmarks' "hog" condition: {@code stress-ng --cpu N}
 * (Debian's stress-ng) when installed, else N shell busy loops. The same hog for every client, so
 * that what is measured is how each client fares on cores it must share, as on a busy build host.
 */
public final class CpuHog {
    private final List<List<String>> commands;
    private final List<Process> running = new ArrayList<>();

    private CpuHog(List<List<String>> commands) {
        this.commands = commands;
    }

    public static CpuHog forAllCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (Files.isExecutable(Path.of("/usr/bin/stress-ng"))) {
            return new CpuHog(List.of(List.of("/usr/bin/stress-ng", "--cpu", String.valueOf(cores), "--cpu-method", "int64", "--quiet")));
        }
        List<List<String>> loops = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            loops.add(List.of("/bin/sh", "-c", "while :; do :; done"));
        }
        return new CpuHog(loops);
    }

    public String describe() {
        return commands.size() == 1 ? String.join(" ", commands.get(0))
                : commands.size() + " x " + String.join(" ", commands.get(0)) + " (stress-ng not installed)";
    }

    public synchronized void start() throws IOException, InterruptedException {
        for (List<String> c : commands) {
            running.add(new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        // Let its workers reach full speed before anything is timed.
        Thread.sleep(1000);
    }

    public synchronized void stop() throws InterruptedException {
        for (Process p : running) {
            p.destroy(); // SIGTERM: stress-ng stops its workers itself
        }
        for (Process p : running) {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        running.clear();
    }
}
