package io.gfxfleet.agent.platform;

import io.gfxfleet.protocol.layout.Platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Windows runners (TheRock's {@code windows-gfx*-gpu-rocm}, native, no container). NEVER RUN ON
 * WINDOWS: written from Python's and pip's documented Windows layout and the tools' output
 * formats, and tested on Linux only (see docs/windows.md).
 */
public final class WindowsPlatform implements HostPlatform {
    @Override
    public Platform platform() {
        return Platform.WINDOWS;
    }

    @Override
    public Path scripts(Path venv) {
        return venv.resolve("Scripts");
    }

    /** The venv's {@code python.exe}, and pip's console scripts as {@code .exe} launchers. */
    @Override
    public String executableSuffix() {
        return ".exe";
    }

    /** {@code NUL} is Windows' empty file; {@code Path} (any case) is its PATH, with {@code ;} between folders. */
    @Override
    public Map<String, String> venvVariables(Map<String, String> base, Path venv) {
        if (venv == null) {
            return Map.of("PIP_CONFIG_FILE", "NUL");
        }
        String pathKey = base.keySet().stream().filter(k -> k.equalsIgnoreCase("PATH")).findFirst().orElse("PATH");
        String rest = base.getOrDefault(pathKey, "");
        return Map.of("PIP_CONFIG_FILE", "NUL", "VIRTUAL_ENV", venv.toString(),
                pathKey, rest.isEmpty() ? scripts(venv).toString() : scripts(venv) + ";" + rest);
    }

    /**
     * There is no SIGTERM: taskkill without /F posts WM_CLOSE to the tree's windows (a console
     * program without one may ignore it, and then the forced phase ends it after the grace).
     */
    @Override
    public List<String> treeTerminateCommand(long pid) {
        return List.of("taskkill", "/PID", Long.toString(pid), "/T");
    }

    /** {@link ProcessHandle#destroy()} is TerminateProcess here: no request at all, so it waits for the forced phase. */
    @Override
    public boolean handlesAskToEnd() {
        return false;
    }

    /** A job's processes may start others that a handle snapshot misses: taskkill /F walks the tree itself. */
    @Override
    public List<String> treeKillCommand(long pid) {
        return List.of("taskkill", "/PID", Long.toString(pid), "/T", "/F");
    }

    /** pip's {@code .exe} launchers embed the interpreter's path: a copied one would run the template's. */
    @Override
    public boolean venvTemplates() {
        return false;
    }

    @Override
    public boolean profilerStep() {
        return false;
    }

    /** There is no /dev/kfd on Windows: the GPU is seen through HIP's and AMD SMI's tools. */
    @Override
    public List<List<String>> gpuTools() {
        return List.of(List.of("hipInfo"), List.of("amd-smi", "static", "--asic"), List.of("offload-arch"));
    }
}
