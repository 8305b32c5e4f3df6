package io.gfxfleet.agent.job;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How jobs run on this agent: where, with which Python, and the bounds of each step.
 * {@code installRetryWindow} covers an index that lags the upload by a few minutes.
 */
public record RunnerSettings(
        Path workDir,
        String python,
        Duration installTimeout,
        Duration testTimeout,
        Duration installRetryWindow,
        boolean keepWorkspaces) {

    public static RunnerSettings defaults(Path workDir) {
        return new RunnerSettings(workDir, "python3", Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(3), false);
    }
}
