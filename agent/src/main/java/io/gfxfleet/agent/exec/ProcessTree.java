package io.gfxfleet.agent.exec;

import io.gfxfleet.agent.platform.HostPlatform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ending a process with everything it started, the one way a cancelled job, a timed-out step and a
 * restarted agent do it. {@link #stop} is the polite sequence (ask the whole tree to end, give it
 * a grace period, then force what is left); {@link #kill} is the forced phase alone, for processes
 * nobody waits for any more (what a killed agent left behind).
 */
public final class ProcessTree {
    /** Runs a platform's tree command (taskkill); a seam so the Windows sequence is testable on Linux. */
    @FunctionalInterface
    public interface Commands {
        void run(List<String> argv);

        /** Runs the command and waits (bounded) for it; a failure to start is ignored: the handles still act. */
        Commands SYSTEM = argv -> {
            try {
                new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(30, TimeUnit.SECONDS);
            } catch (java.io.IOException e) {
                // taskkill missing or refused: the handles below still end what they see.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private final HostPlatform platform;
    private final Commands commands;

    public ProcessTree(HostPlatform platform, Commands commands) {
        this.platform = platform;
        this.commands = commands;
    }

    static ProcessTree here() {
        return new ProcessTree(HostPlatform.current(), Commands.SYSTEM);
    }

    /** Kills {@code root}'s descendants, then {@code root}, without a grace period. */
    static void kill(ProcessHandle root) {
        here().force(root, snapshot(root));
    }

    /**
     * Asks {@code root} and every descendant to end (SIGTERM; taskkill without /F), waits up to
     * {@code grace} for all of them to exit, then forces whatever is left (SIGKILL; taskkill /F),
     * including children started during the grace. Returns when the forced phase is done, or when
     * every process of the tree exited by itself.
     */
    public void stop(ProcessHandle root, Duration grace) {
        // Snapshot first: once the parent dies its children are re-parented and unreachable.
        Map<Long, ProcessHandle> tree = snapshot(root);
        List<String> ask = platform.treeTerminateCommand(root.pid());
        if (!ask.isEmpty() && root.isAlive()) {
            commands.run(ask);
        }
        if (platform.handlesAskToEnd()) {
            tree.values().forEach(ProcessHandle::destroy);
        }
        if (awaitExit(tree.values(), grace)) {
            return;
        }
        tree.putAll(snapshot(root));
        force(root, tree);
    }

    private void force(ProcessHandle root, Map<Long, ProcessHandle> tree) {
        List<String> treeKill = platform.treeKillCommand(root.pid());
        if (!treeKill.isEmpty() && root.isAlive()) {
            // Windows: taskkill walks the tree itself, reaching processes the snapshot missed.
            commands.run(treeKill);
        }
        // Children first, so none is re-parented away from us between the two.
        List<ProcessHandle> order = new ArrayList<>(tree.values());
        order.remove(root);
        order.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    /** {@code root} and its live descendants, by pid. */
    private static Map<Long, ProcessHandle> snapshot(ProcessHandle root) {
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        root.descendants().forEach(p -> tree.put(p.pid(), p));
        tree.put(root.pid(), root);
        return tree;
    }

    /** Whether every process exited within {@code grace}. */
    private static boolean awaitExit(java.util.Collection<ProcessHandle> tree, Duration grace) {
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            // Asked to hurry: force now rather than leave the tree running.
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
