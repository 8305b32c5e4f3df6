package io.gfxfleet.agent.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's own CPU per phase, beside the wall time: read from /proc, checked against the JVM's own measure. */
class PhaseClockTest {
    @Test
    @EnabledOnOs(OS.LINUX)
    void aPhasesCpuHoldsTheWorkDoneInIt() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PhaseClock clock = new PhaseClock();
        clock.lap("idle");
        long threadBefore = threads.getCurrentThreadCpuTime();
        long processBefore = PhaseClock.processCpuMillis();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        // Work until this thread alone used 300 ms of CPU, however long that takes on a loaded machine.
        while (threads.getCurrentThreadCpuTime() - threadBefore < 300_000_000L) {
            sha.update(block);
        }
        long threadMs = (threads.getCurrentThreadCpuTime() - threadBefore) / 1_000_000;
        long processMs = PhaseClock.processCpuMillis() - processBefore;
        clock.lap("busy");

        // The process holds this thread and more; /proc counts in 10 ms ticks.
        assertTrue(processMs >= threadMs - 20, "process " + processMs + " ms against this thread's " + threadMs + " ms");
        String[] phases = clock.cpu().split(", ");
        assertEquals(2, phases.length, clock.cpu());
        assertTrue(phases[0].matches("idle \\d+ ms"), clock.cpu());
        long busy = Long.parseLong(phases[1].replaceAll("^busy (\\d+) ms$", "$1"));
        assertTrue(busy >= threadMs - 20, clock.cpu() + " against this thread's " + threadMs + " ms");
    }
}
