package io.gfxfleet.agent.exec;

import java.util.List;

/** Killing a process with everything it started, the one way both a timeout and a restarted agent do it. */
final class ProcessTree {
    private ProcessTree() {}

    /** Kills {@code root}'s descendants, then {@code root}. */
    static void kill(ProcessHandle root) {
        // Snapshot first: once the parent dies its children are re-parented and unreachable.
        List<ProcessHandle> descendants = root.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
