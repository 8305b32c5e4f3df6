package io.gfxfleet.agent.health;

import io.gfxfleet.agent.gpu.AgentGpu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs before each lease so that an agent which cannot do the work does not take a job and fail it
 * as a test failure: GPU device nodes reachable (when a real GPU is expected), room on the work
 * disk, and a Python that can create venvs.
 */
public final class HealthCheck {
    public static final long DEFAULT_MIN_FREE_BYTES = 5L * 1024 * 1024 * 1024;
    public static final Duration DEFAULT_PYTHON_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param devRoot       the directory holding {@code dev/kfd} and {@code dev/dri}; {@code /} on a real machine
     * @param workDir       where venvs are created (need not exist yet)
     * @param minFreeBytes  free space the work dir's file system must have
     * @param python        the interpreter jobs use, a path or a name looked up on PATH
     * @param pythonTimeout how long the interpreter probe may run
     */
    public record Settings(Path devRoot, Path workDir, long minFreeBytes, String python, Duration pythonTimeout) {
        public Settings {
            Objects.requireNonNull(devRoot, "devRoot");
            Objects.requireNonNull(workDir, "workDir");
            if (minFreeBytes < 0) {
                throw new IllegalArgumentException("minimum free bytes must not be negative, got " + minFreeBytes);
            }
            if (python == null || python.isBlank()) {
                throw new IllegalArgumentException("python interpreter must be named");
            }
            Objects.requireNonNull(pythonTimeout, "pythonTimeout");
        }

        /** {@code /}, 5 GiB, {@code python3}, 60 s. */
        public static Settings defaults(Path workDir) {
            return new Settings(Path.of("/"), workDir, DEFAULT_MIN_FREE_BYTES, "python3", DEFAULT_PYTHON_TIMEOUT);
        }

        public Settings withDevRoot(Path root) {
            return new Settings(root, workDir, minFreeBytes, python, pythonTimeout);
        }

        public Settings withMinFreeBytes(long bytes) {
            return new Settings(devRoot, workDir, bytes, python, pythonTimeout);
        }

        public Settings withPython(String interpreter) {
            return new Settings(devRoot, workDir, minFreeBytes, interpreter, pythonTimeout);
        }
    }

    private final Settings settings;
    private final AgentGpu gpu;
    private final GpuDeviceNodes deviceNodes;
    private final WorkDiskSpace disk;
    private final PythonVenvSupport python;

    /** One instance per agent start: the Python probe's success is remembered for its lifetime. */
    public HealthCheck(Settings settings, AgentGpu gpu) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gpu = Objects.requireNonNull(gpu, "gpu");
        this.deviceNodes = new GpuDeviceNodes(settings.devRoot());
        this.disk = new WorkDiskSpace(settings.workDir(), settings.minFreeBytes());
        this.python = new PythonVenvSupport(settings.python(), settings.workDir(), settings.pythonTimeout());
    }

    public Settings settings() {
        return settings;
    }

    public HealthReport check() {
        List<String> problems = new ArrayList<>();
        if (gpu.gpuExpected()) {
            problems.addAll(deviceNodes.problems(gpu.devices()));
        }
        problems.addAll(disk.problems());
        problems.addAll(python.problems());
        return HealthReport.of(problems);
    }
}
