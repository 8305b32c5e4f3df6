package io.gfxfleet.agent.exec;

import io.gfxfleet.agent.cancel.Cancellation;
import io.gfxfleet.agent.platform.LinuxPlatform;
import io.gfxfleet.agent.platform.WindowsPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stopped job's processes get SIGTERM, a grace period, then SIGKILL (the order Buildkite's job
 * runner uses), with real Python processes: a parent and the child it started, as {@code rocm-sdk
 * test} starts interpreters.
 */
class ProcessTreeStopTest {
    /**
     * argv[1]: marker file; argv[2]: "exit" (leave on SIGTERM with exit 7) or "stay" (note it and
     * go on); argv[3]: "parent" (start a child like this one first) or "child"; argv[4]: ready file.
     */
    private static final String SCRIPT = """
            import os, signal, subprocess, sys, time
            marker, mode, role, ready = sys.argv[1:5]
            child = None
            def on_term(signum, frame):
                with open(marker, "w") as f:
                    f.write("SIGTERM")
                if mode == "exit":
                    if child is not None:
                        child.wait()
                    sys.exit(7)
            signal.signal(signal.SIGTERM, on_term)
            if role == "parent":
                child = subprocess.Popen([sys.executable, "-c", sys.argv[5], marker + ".child", mode, "child", ready + ".child", sys.argv[5]])
                while not os.path.exists(ready + ".child"):
                    time.sleep(0.05)
                print("child", child.pid, flush=True)
            open(ready, "w").close()
            if role == "parent":
                print("ready", flush=True)
            while True:
                time.sleep(0.2)
            """;

    @TempDir
    Path dir;

    @Test
    void aTreeThatHonoursSigtermGetsItsGracePeriodAndExitsByItself() throws Exception {
        Cancellation job = new Cancellation();
        List<String> lines = new CopyOnWriteArrayList<>();
        // A long grace: the tree must end by its own exit, long before any SIGKILL.
        ProcessOutcome outcome = run("exit", new RunningProcess(job, Duration.ofMinutes(10)), Duration.ofMinutes(10), line -> {
            lines.add(line);
            if (line.equals("ready")) {
                job.cancel(Cancellation.Reason.SERVER_CANCEL);
            }
        });
        assertEquals(7, outcome.exitCode(), "the parent's own SIGTERM handler chose the exit code: " + lines);
        assertTrue(outcome.killed());
        assertFalse(outcome.timedOut());
        assertEquals("SIGTERM", Files.readString(dir.resolve("marker")));
        assertEquals("SIGTERM", Files.readString(dir.resolve("marker.child")), "the child got SIGTERM too");
        assertFalse(alive(childOf(lines)));
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Cancellation job = new Cancellation();
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessOutcome outcome = run("stay", new RunningProcess(job, Duration.ofMillis(500)), Duration.ofMinutes(10), line -> {
            lines.add(line);
            if (line.equals("ready")) {
                job.cancel(Cancellation.Reason.LEASE_LOST);
            }
        });
        // Both saw the SIGTERM (the markers), stayed, and were then killed: 128 + SIGKILL.
        assertEquals("SIGTERM", Files.readString(dir.resolve("marker")));
        assertEquals("SIGTERM", Files.readString(dir.resolve("marker.child")));
        assertEquals(128 + 9, outcome.exitCode());
        assertTrue(outcome.killed());
        // The forced phase is over when run() returns: nothing of the tree is left.
        assertFalse(alive(childOf(lines)));
    }

    @Test
    void theAgentsForcedStopCutsTheGraceShortAndKillsAtOnce() throws Exception {
        Cancellation job = new Cancellation();
        Cancellation killNow = new Cancellation();
        List<String> lines = new CopyOnWriteArrayList<>();
        // A grace far longer than the test: the tree that ignores SIGTERM may only end by the forced stop.
        ProcessOutcome outcome = run("stay", new RunningProcess(job, Duration.ofHours(1), killNow), Duration.ofHours(1), line -> {
            lines.add(line);
            if (line.equals("ready")) {
                job.cancel(Cancellation.Reason.AGENT_STOPPING);
                // The second stop signal, once both processes have seen the first one's SIGTERM.
                Thread forced = new Thread(() -> {
                    while (!Files.exists(dir.resolve("marker")) || !Files.exists(dir.resolve("marker.child"))) {
                        Thread.onSpinWait();
                    }
                    killNow.cancel(Cancellation.Reason.AGENT_STOPPING);
                });
                forced.setDaemon(true);
                forced.start();
            }
        });
        assertEquals("SIGTERM", Files.readString(dir.resolve("marker")));
        assertEquals(128 + 9, outcome.exitCode(), "killed, not left to its hour of grace");
        assertFalse(alive(childOf(lines)));
    }

    @Test
    void aForcedStopBeforeTheJobIsCancelledSkipsTheGraceEntirely() throws Exception {
        Cancellation job = new Cancellation();
        Cancellation killNow = new Cancellation();
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessOutcome outcome = run("exit", new RunningProcess(job, Duration.ofHours(1), killNow), Duration.ofHours(1), line -> {
            lines.add(line);
            if (line.equals("ready")) {
                killNow.cancel(Cancellation.Reason.AGENT_STOPPING);
                job.cancel(Cancellation.Reason.AGENT_STOPPING);
            }
        });
        // A tree that would honour SIGTERM (exit 7) is killed before it gets to: no grace at all.
        assertEquals(128 + 9, outcome.exitCode());
        assertFalse(alive(childOf(lines)));
    }

    @Test
    void aTimedOutProcessIsStoppedTheSameGracefulWay() throws Exception {
        // No cancellation: the process's own bound fires, and it too gets SIGTERM first.
        ProcessOutcome outcome = run("exit", new RunningProcess(new Cancellation(), Duration.ofMinutes(10)), Duration.ofSeconds(2),
                line -> {});
        assertTrue(outcome.timedOut());
        assertFalse(outcome.killed());
        assertEquals(7, outcome.exitCode());
        assertEquals("SIGTERM", Files.readString(dir.resolve("marker")));
    }

    @Test
    void windowsAsksWithTaskkillThenForcesWithTaskkillSlashFAfterTheGrace() throws Exception {
        // Run on Linux: the commands are recorded, not run; the handles' forced end is real.
        Process sleeper = new ProcessBuilder("python3", "-c", "import time\nwhile True: time.sleep(1)").start();
        List<List<String>> ran = new ArrayList<>();
        new ProcessTree(new WindowsPlatform(), ran::add).stop(sleeper.toHandle(), Duration.ofMillis(300));
        String pid = Long.toString(sleeper.pid());
        assertEquals(List.of(List.of("taskkill", "/PID", pid, "/T"), List.of("taskkill", "/PID", pid, "/T", "/F")), ran);
        sleeper.waitFor();
        assertFalse(sleeper.isAlive());
    }

    @Test
    void windowsSkipsTheForcedPhaseWhenTheTreeLeftWithinTheGrace() throws Exception {
        Process sleeper = new ProcessBuilder("python3", "-c", "import time\nwhile True: time.sleep(1)").start();
        List<List<String>> ran = new ArrayList<>();
        // Stands in for a program that obeys taskkill's request: it ends when asked.
        new ProcessTree(new WindowsPlatform(), argv -> {
            ran.add(argv);
            sleeper.destroyForcibly();
        }).stop(sleeper.toHandle(), Duration.ofMinutes(10));
        assertEquals(List.of(List.of("taskkill", "/PID", Long.toString(sleeper.pid()), "/T")), ran);
    }

    @Test
    void linuxNeedsNoCommandsTheHandlesSignal() {
        assertEquals(List.of(), new LinuxPlatform().treeTerminateCommand(42));
        assertTrue(new LinuxPlatform().handlesAskToEnd());
        assertFalse(new WindowsPlatform().handlesAskToEnd(), "destroy() is TerminateProcess on Windows: no request at all");
    }

    private ProcessOutcome run(String mode, RunningProcess handle, Duration timeout, java.util.function.Consumer<String> lines)
            throws Exception {
        List<String> argv = List.of("python3", "-c", SCRIPT, dir.resolve("marker").toString(), mode, "parent",
                dir.resolve("ready").toString(), SCRIPT);
        return new ProcessRunner().run(new CommandLineSpec(argv, dir, Map.of("PATH", System.getenv("PATH")), timeout), lines, handle);
    }

    private static long childOf(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("child ")).map(l -> Long.parseLong(l.substring(6))).findFirst().orElseThrow();
    }

    /**
     * Whether {@code pid} still runs. A zombie counts as ended: an orphan is only reaped by init,
     * and a container's first process (as where these tests run) may never reap it, while
     * {@link ProcessHandle#isAlive()} calls a zombie alive.
     */
    private static boolean alive(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        // The state follows the command name, which is in parentheses and may hold spaces.
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }
}
