package io.gfxfleet.agent.exec;

import io.gfxfleet.agent.platform.HostPlatform;

import java.util.List;

/** Killing a process with everything it started, the one way both a timeout and a restarted agent do it. */
final class ProcessTree {
    private ProcessTree() {}

    /** Kills {@code root}'s descendants, then {@code root}. */
    static void kill(ProcessHandle root) {
        // Snapshot first: once the parent dies its children are re-parented and unreachable.
        List<ProcessHandle> descendants = root.descendants().toList();
        List<String> treeKill = HostPlatform.current().treeKillCommand(root.pid());
        if (!treeKill.isEmpty() && root.isAlive()) {
            try {
                // Windows: taskkill walks the tree itself, reaching processes the snapshot missed.
                new ProcessBuilder(treeKill).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.io.IOException e) {
                // The handles below still kill what they see.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
