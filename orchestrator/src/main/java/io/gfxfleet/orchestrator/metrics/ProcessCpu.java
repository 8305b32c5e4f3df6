package io.gfxfleet.orchestrator.metrics;

import java.lang.management.ManagementFactory;

/** CPU time this process has used so far: on a small machine the figures of a benchmark depend on it. */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** User plus system CPU of this JVM in nanoseconds; -1 when the platform does not say. */
    public static long nanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
