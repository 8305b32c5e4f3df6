package io.gfxfleet.agent.platform;

import io.gfxfleet.protocol.layout.Platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Linux runners (bare or in TheRock's ubuntu24.04 and ubi10 containers): what the agent was built on. */
public final class LinuxPlatform implements HostPlatform {
    @Override
    public Platform platform() {
        return Platform.LINUX;
    }

    @Override
    public Path scripts(Path venv) {
        return venv.resolve("bin");
    }

    @Override
    public String executableSuffix() {
        return "";
    }

    @Override
    public Map<String, String> venvVariables(Map<String, String> base, Path venv) {
        return venv == null ? Map.of("PIP_CONFIG_FILE", "/dev/null")
                : Map.of("PIP_CONFIG_FILE", "/dev/null", "VIRTUAL_ENV", venv.toString(),
                "PATH", scripts(venv) + ":" + base.getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** SIGTERM goes to each process of the tree through its handle: no command needed. */
    @Override
    public List<String> treeTerminateCommand(long pid) {
        return List.of();
    }

    /** {@link ProcessHandle#destroy()} is SIGTERM here: a process may trap it and exit cleanly. */
    @Override
    public boolean handlesAskToEnd() {
        return true;
    }

    /** Process handles see every descendant (SIGKILL through destroyForcibly); the GPU is checked through /dev/kfd and /dev/dri (GpuDeviceNodes). */
    @Override
    public List<String> treeKillCommand(long pid) {
        return List.of();
    }

    @Override
    public boolean venvTemplates() {
        return true;
    }

    @Override
    public boolean profilerStep() {
        return true;
    }

    /** None: the device nodes are checked instead, and detection reads sysfs, rocminfo and rocm_agent_enumerator. */
    @Override
    public List<List<String>> gpuTools() {
        return List.of();
    }
}
