package io.gfxfleet.agent.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How jobs run on this agent: where, with which Python, and the bounds of each step.
 *
 * @param installRetryWindow how long an install is retried (with backoff) while the run's index
 *                           lags the upload
 * @param maxStepOutputBytes output kept per process of a step; the rest is cut, with a marker
 * @param pinTargetFamily    set {@code ROCM_SDK_TARGET_FAMILY} to the job's family (needed on
 *                           multi-GPU machines and without a GPU; a single-GPU runner may leave
 *                           the choice to rocm's own detection, which the installed-family check
 *                           then verifies)
 * @param pipCacheDir        root of pip's caches (null: no cache), laid out by {@link PipCacheLayout}:
 *                           downloads shared (pip re-verifies every file's hash from the index, so a
 *                           warm cache cannot weaken provenance), built wheels per family; its
 *                           {@code downloads/} is the agent's own download cache, which pip reads
 *                           through the job's loopback index proxy ({@link JobRunner#DOWNLOAD_CACHE})
 * @param strictTestCount    fail the job (rather than only report it) when far fewer tests ran
 *                           than in the last passed job of the family
 * @param downloadCacheMaxBytes what the agent's download cache may keep after a job (least
 *                           recently used files go first); 0: no download cache, pip reads the
 *                           indexes itself
 * @param defaultDepsIndexUrl the deps index a find-links run's venv upgrades pip, setuptools and
 *                           wheel from when its lease names none (the agent's {@code --deps-index});
 *                           null: none
 * @param killGrace          how long a process tree being stopped (a cancelled job, a timed-out
 *                           step) may take to exit after SIGTERM before it is killed (the agent's
 *                           {@code --kill-grace})
 */
public record RunnerSettings(
        Path workDir,
        String python,
        Duration installTimeout,
        Duration testTimeout,
        Duration installRetryWindow,
        boolean keepWorkspaces,
        long maxStepOutputBytes,
        boolean pinTargetFamily,
        Path pipCacheDir,
        boolean strictTestCount,
        long downloadCacheMaxBytes,
        String defaultDepsIndexUrl,
        Duration killGrace) {

    public static final long DEFAULT_MAX_STEP_OUTPUT_BYTES = 8L * 1024 * 1024;
    public static final long DEFAULT_DOWNLOAD_CACHE_MAX_BYTES = 20L * 1024 * 1024 * 1024;

    public RunnerSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(python, "python");
        requirePositive(installTimeout, "installTimeout");
        requirePositive(testTimeout, "testTimeout");
        if (installRetryWindow == null || installRetryWindow.isNegative()) {
            throw new IllegalArgumentException("installRetryWindow must be zero or positive, got " + installRetryWindow);
        }
        if (maxStepOutputBytes < 1024) {
            throw new IllegalArgumentException("maxStepOutputBytes must be at least 1024, got " + maxStepOutputBytes);
        }
        if (defaultDepsIndexUrl != null) {
            java.net.URI uri = java.net.URI.create(defaultDepsIndexUrl);
            if (!java.util.List.of("http", "https", "file").contains(String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("the deps index must be an http(s) or file URL, got '" + defaultDepsIndexUrl + "'");
            }
        }
        if (killGrace == null || killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must be zero or positive, got " + killGrace);
        }
        if (downloadCacheMaxBytes < 0) {
            throw new IllegalArgumentException("downloadCacheMaxBytes must not be negative, got " + downloadCacheMaxBytes);
        }
    }

    public RunnerSettings(Path workDir, String python, Duration installTimeout, Duration testTimeout,
                          Duration installRetryWindow, boolean keepWorkspaces, long maxStepOutputBytes,
                          boolean pinTargetFamily, Path pipCacheDir, boolean strictTestCount, long downloadCacheMaxBytes,
                          String defaultDepsIndexUrl) {
        this(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces, maxStepOutputBytes,
                pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl,
                io.gfxfleet.agent.exec.RunningProcess.DEFAULT_KILL_GRACE);
    }

    public RunnerSettings(Path workDir, String python, Duration installTimeout, Duration testTimeout,
                          Duration installRetryWindow, boolean keepWorkspaces, long maxStepOutputBytes,
                          boolean pinTargetFamily, Path pipCacheDir, boolean strictTestCount, long downloadCacheMaxBytes) {
        this(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces, maxStepOutputBytes,
                pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, null);
    }

    public RunnerSettings(Path workDir, String python, Duration installTimeout, Duration testTimeout,
                          Duration installRetryWindow, boolean keepWorkspaces, long maxStepOutputBytes,
                          boolean pinTargetFamily, Path pipCacheDir) {
        this(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces, maxStepOutputBytes,
                pinTargetFamily, pipCacheDir, false, DEFAULT_DOWNLOAD_CACHE_MAX_BYTES);
    }

    public RunnerSettings(Path workDir, String python, Duration installTimeout, Duration testTimeout,
                          Duration installRetryWindow, boolean keepWorkspaces) {
        this(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                DEFAULT_MAX_STEP_OUTPUT_BYTES, true, workDir.resolve("pip-cache"));
    }

    public static RunnerSettings defaults(Path workDir) {
        return new RunnerSettings(workDir, "python3", Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(3), false);
    }

    /** The interpreter of jobs that name no Python version. */
    public RunnerSettings withPython(String interpreter) {
        return new RunnerSettings(workDir, interpreter, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withTestTimeout(Duration timeout) {
        return new RunnerSettings(workDir, python, installTimeout, timeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withInstallRetryWindow(Duration window) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, window, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withMaxStepOutputBytes(long bytes) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                bytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withPinTargetFamily(boolean pin) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pin, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withPipCacheDir(Path dir) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, dir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withKeepWorkspaces(boolean keep) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keep,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withStrictTestCount(boolean strict) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strict, downloadCacheMaxBytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withDownloadCacheMaxBytes(long bytes) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, bytes, defaultDepsIndexUrl, killGrace);
    }

    public RunnerSettings withDefaultDepsIndexUrl(String url) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, url, killGrace);
    }

    /** How long a stopped process tree gets between SIGTERM and SIGKILL. */
    public RunnerSettings withKillGrace(Duration grace) {
        return new RunnerSettings(workDir, python, installTimeout, testTimeout, installRetryWindow, keepWorkspaces,
                maxStepOutputBytes, pinTargetFamily, pipCacheDir, strictTestCount, downloadCacheMaxBytes, defaultDepsIndexUrl, grace);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
