package io.gfxfleet.agent.platform;

import io.gfxfleet.protocol.layout.Platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent does differently on Linux and on Windows, in one place: where a venv keeps
 * its interpreter and console scripts, the environment a job's processes get, how a process tree
 * is killed, how the GPU is checked before a lease, and which plan steps exist. The rest of the
 * agent is the same code on both.
 */
public interface HostPlatform {
    Platform platform();

    /** The venv's folder of executables: {@code bin} or {@code Scripts}. */
    Path scripts(Path venv);

    /** What executables' names end with: nothing, or {@code .exe} (pip's console scripts are {@code .exe} launchers). */
    String executableSuffix();

    /** The venv's interpreter: {@code bin/python} or {@code Scripts\python.exe}. */
    default Path venvPython(Path venv) {
        return consoleScript(venv, "python");
    }

    /** A console script pip installed: {@code bin/rocm-sdk} or {@code Scripts\rocm-sdk.exe}. */
    default Path consoleScript(Path venv, String name) {
        return scripts(venv).resolve(name + executableSuffix());
    }

    /**
     * The variables that make pip read no configuration of its own (a file name that holds
     * nothing: {@code /dev/null} or {@code NUL}), and the PATH with the venv first.
     */
    Map<String, String> venvVariables(Map<String, String> base, Path venv);

    /**
     * Stopping a process tree is two phases, as Buildkite's job runner does it: ask every process
     * to end (a test runner may clean up, write its report, release the GPU), wait a grace period,
     * then force what is left. These three methods are how this platform does each phase; the
     * sequence itself lives once, in the agent's exec package.
     *
     * <p>The request to end: a command that asks {@code pid}'s whole tree to exit, run before the
     * handles are signalled (empty: {@link #handlesAskToEnd()} alone asks).
     */
    List<String> treeTerminateCommand(long pid);

    /**
     * Whether {@link ProcessHandle#destroy()} is a request a process can act on (SIGTERM on Linux),
     * so the polite phase signals every handle of the tree. False where it is an immediate end
     * (Windows' TerminateProcess): there only {@link #treeTerminateCommand} asks.
     */
    boolean handlesAskToEnd();

    /**
     * A command that kills {@code pid} with every process it started, for the processes Java's
     * process handles cannot see (empty: the handles are enough). Run after the grace, before the
     * handles are destroyed forcibly (SIGKILL; TerminateProcess).
     */
    List<String> treeKillCommand(long pid);

    /** Whether the fast venv template copy (see VenvFactory) is right here; otherwise every venv is made by {@code python -m venv}. */
    boolean venvTemplates();

    /** Whether runs are tested with the profiler step (TheRock has none on Windows). */
    boolean profilerStep();

    /**
     * The tools that show this machine's GPUs before a lease, as argv lists: the first whose
     * output names a gfx target counts (see {@link GpuToolOutput}).
     */
    List<List<String>> gpuTools();

    static HostPlatform current() {
        return of(Platform.current());
    }

    static HostPlatform of(Platform platform) {
        return platform == Platform.WINDOWS ? new WindowsPlatform() : new LinuxPlatform();
    }
}
